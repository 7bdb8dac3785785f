"""Report formats. Each formatter only formats file results; it never decides anything."""
