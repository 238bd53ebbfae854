"""gongbao (公报): Chinese government gazettes as a structured, searchable, linked library."""

__version__ = "0.1.0"
