"""followline: where persistence ends and peskiness begins."""

__version__ = "0.1.0"
