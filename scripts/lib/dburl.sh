# shellcheck shell=bash
# The master's --database-url, taken apart for the backup scripts: postgres:// (or postgresql://) URLs and SQLite paths.

# postgres or sqlite
db_kind() { case $1 in postgres://*|postgresql://*) echo postgres ;; *) echo sqlite ;; esac; }

# The password of a postgres:// URL (empty when it has none).
db_password() {
  if [[ $1 =~ ^postgres(ql)?://[^:@/]+:([^@]*)@ ]]; then printf '%s' "${BASH_REMATCH[2]}"; fi
}

# The URL without its password, for the command line.
db_without_password() {
  if [[ $1 =~ ^(postgres(ql)?://[^:@/]+):[^@]*@(.*)$ ]]; then printf '%s@%s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}"; else printf '%s' "$1"; fi
}

# The URL with the password shown as ***, for messages.
db_redacted() {
  if [[ $1 =~ ^(postgres(ql)?://[^:@/]+):[^@]*@(.*)$ ]]; then printf '%s:***@%s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}"; else printf '%s' "$1"; fi
}

# The file of a SQLite location: a path, or sqlite:///path.
db_sqlite_path() { local p=${1#sqlite://}; printf '%s' "$p"; }
