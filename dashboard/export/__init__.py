"""Exports for meetings: figure images (Kaleido) and PowerPoint decks (python-pptx)."""
