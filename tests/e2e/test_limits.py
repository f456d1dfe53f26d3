"""The --max-* limits over the wire (tests follow)."""
