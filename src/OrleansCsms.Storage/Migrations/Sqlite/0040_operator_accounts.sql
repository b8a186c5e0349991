-- Operator accounts: who may use the REST API and the console, and with which role.
CREATE TABLE operator_accounts (
    name          TEXT    PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

-- Secrets every front-end must share: the token signing key and the cookie protection key ring.
CREATE TABLE shared_secrets (
    purpose    TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (purpose, name)
);
