"""Checkstyle XML (version 4.3), which Jenkins' Warnings plugin, reviewdog, SonarQube and many
editors read: a ``<file>`` per input, an ``<error>`` per finding with ``source="affilint.rules.CODE"``.
An input that could not be linted gets one ``<error>`` with ``source="affilint.input.CODE"``."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary
from affilint.report.xmltext import xml_safe


class CheckstyleFormatter(Formatter):
    name = "checkstyle"

    def begin(self) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')

    def file(self, result: FileResult) -> None:
        element = ET.Element("file", name=xml_safe(result.path))
        if result.status == "error":
            error = result.error or {}
            ET.SubElement(element, "error", line="1", severity="error",
                          message=xml_safe(f"could not lint: {error.get('message')}"),
                          source=xml_safe(f"affilint.input.{error.get('code')}"))
        for finding in result.findings:
            attributes = {"line": str(finding.line)}
            if finding.column:
                attributes["column"] = str(finding.column)
            attributes.update(severity=finding.severity.value, message=xml_safe(finding.message),
                              source=f"affilint.rules.{finding.rule}")
            ET.SubElement(element, "error", attributes)
        ET.indent(element, space="  ", level=1)
        self.stream.write("  " + ET.tostring(element, encoding="unicode") + "\n")
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        self.stream.write("</checkstyle>\n")
