"""Reading notices: sources as published become one normalised text and its document structure."""
