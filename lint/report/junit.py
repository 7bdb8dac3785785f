"""JUnit XML for CI test reports (Jenkins, GitLab, Azure, CircleCI).

Each file is a ``<testsuite>``. A clean file is one passing test case; a file with findings has one
failing test case per finding (Jenkins and GitLab read a single ``<failure>`` per test case, so one
case per finding is what makes every finding visible); a file that could not be linted is a test
case with an ``<error>``. Suites are written as files finish, so memory stays flat.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from affilint.engine import FileResult
from affilint.report.base import Formatter, Summary
from affilint.report.xmltext import xml_safe


class JunitFormatter(Formatter):
    name = "junit"

    def begin(self) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="affilint">\n')

    def file(self, result: FileResult) -> None:
        path = xml_safe(result.path)
        errors = int(result.status == "error")
        cases = max(len(result.findings) + errors, 1)
        suite = ET.Element("testsuite", name=path, tests=str(cases), failures=str(len(result.findings)), errors=str(errors), skipped="0")
        if result.status == "error":
            error = result.error or {}
            case = ET.SubElement(suite, "testcase", name="affilint", classname=path, file=path)
            element = ET.SubElement(case, "error", message=xml_safe(error.get("message", "")), type=xml_safe(error.get("code", "error")))
            element.text = xml_safe(f"could not lint {result.path}: {error.get('message')} [{error.get('code')}]")
        for finding in result.findings:
            where = f"{finding.line}:{finding.column}" if finding.column else f"{finding.line}"
            case = ET.SubElement(suite, "testcase", name=xml_safe(f"{finding.rule} {finding.name} at {where}"),
                                 classname=path, file=path, line=str(finding.line))
            failure = ET.SubElement(case, "failure", message=xml_safe(finding.message), type=finding.rule)
            body = f"{finding.severity.value} at line {where}: {finding.message} ({finding.rule} {finding.name})"
            if finding.snippet:
                body += f"\n\n{finding.snippet}"
            failure.text = xml_safe(body)
        if not result.findings and not errors:
            ET.SubElement(suite, "testcase", name="affilint", classname=path, file=path)
        ET.indent(suite, space="  ", level=1)
        self.stream.write("  " + ET.tostring(suite, encoding="unicode") + "\n")
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        self.stream.write("</testsuites>\n")
