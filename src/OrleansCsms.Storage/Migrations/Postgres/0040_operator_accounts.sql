-- Operator accounts: who may use the REST API and the console, and with which role.
CREATE TABLE operator_accounts (
    name          text        PRIMARY KEY,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- Secrets every front-end must share: the token signing key and the cookie protection key ring.
CREATE TABLE shared_secrets (
    purpose    text        NOT NULL,
    name       text        NOT NULL,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (purpose, name)
);
