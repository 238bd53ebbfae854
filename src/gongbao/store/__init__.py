"""Document library: SQLite storage of issues, documents, citations and extracted facts."""

from gongbao.store.base import Filters, LibraryError, Repository, StoredDoc
from gongbao.store.library import Library, document_id, sha256_file

__all__ = ["Filters", "Library", "LibraryError", "Repository", "StoredDoc", "document_id", "sha256_file"]
