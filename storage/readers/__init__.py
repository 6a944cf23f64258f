"""Readers of office and web documents: each turns a file's bytes into text for the index."""
