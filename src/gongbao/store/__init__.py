"""Document library: SQLite storage of issues, documents, citations and extracted facts."""

from gongbao.store.base import LibraryError, ReadModel, Store, StoredDoc
from gongbao.store.library import Library, sha256_file

__all__ = ["Library", "LibraryError", "ReadModel", "Store", "StoredDoc", "sha256_file"]
