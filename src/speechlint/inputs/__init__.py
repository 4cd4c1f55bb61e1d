"""Input formats beyond plain text: Word (.docx), Markdown, legacy Chinese encodings, folder walking."""
