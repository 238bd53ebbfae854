"""The SQLite schema of a gongbao library.

Why these indexes:
- documents(doc_number): 文号 lookup (`show`, docnum queries) and citation resolution.
- documents(issue_id): replacing an issue deletes its documents.
- documents(date), (year, issuer): date sort, year/date filters and facets.
- links(cited_number) and links(target): re-resolving citations when documents arrive,
  "cited by" in `show`; title_links(cited_title), title_links(target) and
  documents(search_title) the same for titles cited without a 文号.
- issues(source_path) and issues(sha256): idempotent ingest (same checksum: nothing to do;
  same path, new checksum: replace).
- issues(year, number): the same issue from another file (its masthead) is not stored twice.
- issues(stable_id): an issue's page and API answer by its stable id.
The full-text index is a tantivy index in a folder beside the file (gongbao.store.textindex);
index_queue lists documents whose index entry is still to be written or removed, written in the
same transaction as the documents, so that the index catches up after an interrupted ingest.
"""

SCHEMA_VERSION = 6  # 2: text and line provenance in doc_text, normalized title in documents;
# 3: no second copy of the text in search form (normalized when read: ~2 ms for a page of hits);
# 4: tasks keep their units named within the issuing region (qualified);
# 5: issues keep their stable id (computed with the documents' ids, gongbao.store.identity)
# 6: titles cited without a 文号 that name their issuer are linked like 文号 (title_links)

TITLE_LINKS = """
-- every title a document cites without a 文号 that can name one document (it opens with its
-- issuer: gongbao.store.identity.cited_title_key), in search form, resolved like links
CREATE TABLE IF NOT EXISTS title_links (
  src INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  cited_title TEXT NOT NULL,
  target INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  PRIMARY KEY (src, cited_title)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS title_links_title ON title_links(cited_title);
CREATE INDEX IF NOT EXISTS title_links_target ON title_links(target);
CREATE INDEX IF NOT EXISTS documents_search_title ON documents(search_title);
"""

DDL = """
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS issues (
  id INTEGER PRIMARY KEY,             -- internal; changes on re-ingest, never shown
  stable_id TEXT NOT NULL,            -- stable id for URLs (gongbao.store.identity)
  source_path TEXT NOT NULL,          -- absolute path the file was ingested from
  source_name TEXT NOT NULL,          -- its file name (the `source` of search hits)
  sha256 TEXT NOT NULL,
  parser_version TEXT NOT NULL,       -- gongbao.__version__ that produced the rows
  ingested_at TEXT NOT NULL,
  title TEXT, year INTEGER, number INTEGER, total_number INTEGER,
  published TEXT, publisher TEXT,
  region TEXT,                        -- place named by the masthead, e.g. 示例市示例区
  lines TEXT NOT NULL DEFAULT '{}',   -- IssueInfo.lines as JSON
  warnings TEXT NOT NULL DEFAULT '[]',
  n_lines INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS issues_path ON issues(source_path);
CREATE INDEX IF NOT EXISTS issues_sha ON issues(sha256);
CREATE INDEX IF NOT EXISTS issues_masthead ON issues(year, number);
CREATE UNIQUE INDEX IF NOT EXISTS issues_stable ON issues(stable_id);

CREATE TABLE IF NOT EXISTS toc_entries (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL, doc_number TEXT, page INTEGER, page_end INTEGER, section TEXT,
  line INTEGER NOT NULL,
  PRIMARY KEY (issue_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,             -- internal; changes on re-ingest, never shown
  doc_id TEXT NOT NULL UNIQUE,        -- stable id for URLs (gongbao.store.identity)
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,               -- order in the issue
  title TEXT, doc_number TEXT, issuer TEXT, issuers TEXT NOT NULL DEFAULT '[]',
  doc_type TEXT, date TEXT, year INTEGER, region TEXT,
  recipients TEXT NOT NULL DEFAULT '[]', section TEXT, toc_page INTEGER,
  public INTEGER, public_marker TEXT,
  attachments TEXT NOT NULL DEFAULT '[]', cites TEXT NOT NULL DEFAULT '[]',
  start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, span_start INTEGER NOT NULL,
  search_title TEXT NOT NULL DEFAULT ''   -- the title in search form (re-ranking)
);
-- the large columns apart, so that documents rows stay small: ranking and facets read the
-- metadata of hundreds of candidates, the text only of the page shown
CREATE TABLE IF NOT EXISTS doc_text (
  id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  lines TEXT NOT NULL DEFAULT '{}',   -- Document.lines as JSON
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(doc_number);
CREATE INDEX IF NOT EXISTS documents_issue ON documents(issue_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_year_issuer ON documents(year, issuer);

-- every 文号 a document cites (Document.cites and Document.citations), resolved when stored
CREATE TABLE IF NOT EXISTS links (
  src INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  cited_number TEXT NOT NULL,
  target INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  PRIMARY KEY (src, cited_number)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_number ON links(cited_number);
CREATE INDEX IF NOT EXISTS links_target ON links(target);
""" + TITLE_LINKS + """
CREATE TABLE IF NOT EXISTS citations (
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  cited_number TEXT, cited_title TEXT, relation TEXT NOT NULL, line INTEGER NOT NULL,
  PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS appointments (
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  person TEXT NOT NULL, action TEXT NOT NULL, post TEXT NOT NULL, organ TEXT, note TEXT,
  line INTEGER NOT NULL,
  PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS appointments_person ON appointments(person);
CREATE TABLE IF NOT EXISTS tasks (
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  task TEXT NOT NULL, lead TEXT NOT NULL DEFAULT '[]', units TEXT NOT NULL DEFAULT '[]',
  deadline TEXT, deadline_text TEXT, line INTEGER NOT NULL,
  qualified TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tasks_deadline ON tasks(deadline);
CREATE TABLE IF NOT EXISTS money (
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  amount REAL, rate REAL, unit TEXT, kind TEXT NOT NULL, beneficiary TEXT, condition TEXT,
  cap REAL, split TEXT, line INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS money_unit ON money(unit);

-- documents (by id) added or removed since the index's last commit
CREATE TABLE IF NOT EXISTS index_queue (
  seq INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL
);
"""

# tables of libraries made before the tantivy index (index version 2)
OBSOLETE = ("fts_vocab", "fts")

# schema 1 -> 3 (run before DDL; the index is rebuilt after, which fills search_title)
UPGRADE_1 = """
CREATE TABLE doc_text (
  id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  lines TEXT NOT NULL DEFAULT '{}',
  text TEXT NOT NULL
);
INSERT INTO doc_text(id, lines, text) SELECT id, lines, text FROM documents;
ALTER TABLE documents DROP COLUMN lines;
ALTER TABLE documents DROP COLUMN text;
ALTER TABLE documents ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
DROP TABLE search_text;
"""

# schema 2 -> 3 (the index stays as it is)
UPGRADE_2 = """
DROP TABLE IF EXISTS search_text;
"""

# schema 3 -> 4 (tasks stored before keep an empty list until their file is ingested again)
UPGRADE_3 = """
ALTER TABLE tasks ADD COLUMN qualified TEXT NOT NULL DEFAULT '[]';
"""

# schema 4 -> 5: the column; its values are computed from each issue's masthead
# (gongbao.store.library.Library._store_issue_ids), the unique index comes with DDL
UPGRADE_4 = """
ALTER TABLE issues ADD COLUMN stable_id TEXT NOT NULL DEFAULT '';
"""

# schema 5 -> 6: the table; its rows are made from the stored citations
# (gongbao.store.library.Library._store_title_links)
UPGRADE_5 = TITLE_LINKS

# schema version -> (statements, the version they lead to)
UPGRADES = {1: (UPGRADE_1 + "INSERT OR REPLACE INTO meta VALUES ('index_version', '0');", 3),
            2: (UPGRADE_2, 3), 3: (UPGRADE_3, 4), 4: (UPGRADE_4, 5), 5: (UPGRADE_5, 6)}


def statements(script: str) -> list[str]:
    """The statements of one of the scripts above (none holds a ; inside a statement)."""
    return [s.strip() for s in script.split(";") if s.strip()]
