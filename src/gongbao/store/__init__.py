"""Document library: SQLite storage of issues, documents, citations and extracted facts."""

from gongbao.store.base import Filters, LibraryError, ReadModel, Repository, Store, StoredDoc
from gongbao.store.library import Library, sha256_file

__all__ = ["Filters", "Library", "LibraryError", "ReadModel", "Repository", "Store", "StoredDoc",
           "sha256_file"]
