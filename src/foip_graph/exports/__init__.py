"""Exports of a KnowledgeBase into other communities' formats, one module per format."""
