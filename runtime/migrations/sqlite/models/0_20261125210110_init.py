from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "apps" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "uuid" CHAR(36) NOT NULL UNIQUE,
    "name" VARCHAR(64) NOT NULL UNIQUE,
    "title" VARCHAR(128) NOT NULL,
    "description" TEXT NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "actor_type" VARCHAR(16) NOT NULL,
    "actor_id" INT,
    "actor_name" VARCHAR(128) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "object_type" VARCHAR(64) NOT NULL,
    "object_id" VARCHAR(64) NOT NULL,
    "object_repr" VARCHAR(255) NOT NULL,
    "before" JSON,
    "after" JSON,
    "request_id" VARCHAR(64) NOT NULL,
    "ip" VARCHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_audit_log_at_63718d" ON "audit_log" ("at");
CREATE INDEX IF NOT EXISTS "idx_audit_log_action_286eba" ON "audit_log" ("action");
CREATE INDEX IF NOT EXISTS "idx_audit_log_object__4cb135" ON "audit_log" ("object_type");
CREATE TABLE IF NOT EXISTS "customers" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(128) NOT NULL UNIQUE,
    "status" VARCHAR(16) NOT NULL /* ACTIVE: active\nINACTIVE: inactive\nSUSPENDED: suspended */,
    "currency" VARCHAR(3) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "customer_users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "full_name" VARCHAR(128) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" INT NOT NULL,
    "session_version" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "last_login_at" TIMESTAMP,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE
) /* A customer-portal login: a separate principal type from operator users. */;
CREATE TABLE IF NOT EXISTS "refresh_tokens" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jti" VARCHAR(64) NOT NULL UNIQUE,
    "family" VARCHAR(64) NOT NULL,
    "principal_type" VARCHAR(16) NOT NULL /* OPERATOR: operator\nCUSTOMER: customer\nSYSTEM: system */,
    "principal_id" INT NOT NULL,
    "issued_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP
) /* One issued refresh token. Tokens of one login form a family; reusing a spent token */;
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_family_8ce7f3" ON "refresh_tokens" ("family");
CREATE TABLE IF NOT EXISTS "revoked_tokens" (
    "jti" VARCHAR(64) NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMP NOT NULL,
    "revoked_at" TIMESTAMP NOT NULL
) /* An access token revoked before its expiry; kept until it would have expired. */;
CREATE INDEX IF NOT EXISTS "idx_revoked_tok_expires_b3eec6" ON "revoked_tokens" ("expires_at");
CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(64) NOT NULL UNIQUE,
    "email" VARCHAR(254),
    "full_name" VARCHAR(128) NOT NULL,
    "role" VARCHAR(16) NOT NULL /* ADMIN: admin\nDEVELOPER: developer\nSUPPORT: support\nREADONLY: readonly */,
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" INT NOT NULL,
    "session_version" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "last_login_at" TIMESTAMP
) /* An operator of the platform (staff of the voice operator). */;
CREATE TABLE IF NOT EXISTS "api_keys" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "key_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP,
    "expires_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
) /* A long-lived API credential. Only a SHA-256 of the secret is stored. */;
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXdty4rgW/RUVT+mqdKqbXCfzRAI9zZkEUkB6bjnlErYATYzkseQk1Jz8+5FkjC/YBt"
    "OEGLeeuiPtLctr25LW0rb4tzalFrLZUcPBv6JZ7RL8WyNwisR/EjWHoAYdJyyXBRwObWUK"
    "HWw8opkqhEPGXWhyUT6CNkOiyELMdLHDMSXSugFsSsYfbfyELNC4awPTRRYiHEP7CHSJPQ"
    "MQ9L82PtZPzwAdAT5BgCFhwwFmgHEqrI/klSxqikthMt5mox7B/3jI4HSMhI0rmv7rv6IY"
    "Ewu9IBb86TwaI4xsKwYYtmQDqtzgM0eVtQn/ogxlf4eGSW1vSkJjZ8YnlCysMeGydIwIci"
    "FHsnnuehJC4tn2HO0AVb+noYnfxYiPhUbQs2UgpLffgbCsZhid7sDotwaGUVsKUuARgXhe"
    "ZFIiAyy6ytTdj2UXPtY/n5yfXByfnVwIE9XNRcn5q3/pEBjfUcHTGdReVT3k0LdQGIegqn"
    "+XYL2eQDcd18A+gazochLZAMc8aIOCENvwmd4FuFP4YtiIjPlE/Pn506ccKL81etdfG70D"
    "YfVBXpKKl9B/OzvzqrpfJ/EO8XVcNMIvRRAOPbaD8fs+vnGEz9YB+Cwb37MkvGJUNCaQTY"
    "oAHPWp4GN8drIGyGcnmSDLqjjIYhiXYBiQL8PcFDUcT1E61HHPBNjW3PUo+M8+Qi9u0JLT"
    "3/y9yoF+0L5t9QeN2zt5uSlj/9gKv8agJWvqqnSWKD1IvguLRsBv7cFXIP8Ef3Y7LQUvZX"
    "zsqiuGdoM/a7JP0OPUIPTZgFZkCAhKA9RiUbch44bHNop70ncLkZ93uSyB35NAB5jkRhq9"
    "OFg0t0Gc4546ymWOsoue6ONGb3PcU0e5zFEWg65rFGJKEY/VdGkfpuQtMCbJQUePqYRJwr"
    "WM7hdBcPGYCCavQG6LHkFipjGlOe2/nzezZ+C+Bk9PUBq+zS58XpD26EMl7l3cMeL+qrzR"
    "v240WzWF8BCaj8/QtYwY1LKG1mmiZGG7XDWtT5MlkMCxAkfehezzQmxxaqkajLNKgHHWE1"
    "+ygdTCR7mED89Lg/X+vt3MGCa9VGRl8ZH02jtqnoOeoojH/jQWnaDUfca54fvqRyXSNrZP"
    "uznmdiFsFw67UzVqtZ2A+7l+sY5yVL/Ilo5kXRzfaM+WUB6gl4wBNuFWAazz1r+t3wexpW"
    "+A6MFt4/cPseXvTbfzS2AeicD1TfcqQ08azoo83XGvCsCuZTst2x1uXbbzHGvDqMc9ddTL"
    "EvUU3q96v0RS34lTeRbmLcLd9O3tsPYwl2FJO8Om43LRrCs8/lGY1k/1+vHxef3T8dnF6c"
    "n5+enFpwXlWq7K415X7V8k/Yq9Cqv5WPHxapfj1E7jsZ/D1DqTk3inqevHqsDKL+5VwS3b"
    "7e+L+5AVEo6iLhsJwSVT9bcjICUhLap3xL2q+Oy+BTUXqKWy8lyc35iQV0laosO/kckLD8"
    "QJN4302kinjcQrcU4di7XSkQmyi5yUrbmVMAdulQO6fnq6BtLCKhNqVRfHeohG1E0ZNf7T"
    "73bSYQ49kmt1bHLwP2BjtofLixxkJRT5omlSH02stGUDSdEUjnjaxnM27AsHjfrmqLtI3D"
    "YrOn7HvSo3rmx/AMdOEXh9aw1rKqwlUQWvPcbpVAlwS5rgou4wTxE051Y68aJaiRc6Y+At"
    "mTPjkHssHd8W8aZL6WkxrEPvHY6ukro/oYJjbK1xPWh/a10C3/uBtDtBCSZBWf++f9fqNF"
    "vNS8A85iDRC//5end9zvRcFxGz2AZ4xGeH4bnvN3cz/x2vAfJxJsbHevtb7zDo7e/qRX0L"
    "29+RQYESLmaHlAnyau755dcesmGGmJxYwFYsift1F4RAYZZDCgJMVxMD+YHZmuyg1gCB10"
    "eHuhzawKZjTMTyATDkQBk84AjQTOyIOhluMHLpFFBHBpa6QF0r7bP4rbWreUq5eAqaQmwX"
    "WZ8tHCrHVOqn60gTwipHSF7SfEbiwoW3U2NOlVOA3oQROpCxZyqG76LfyS85VnD3+k22SD"
    "AzQk6bWGVQaiNIMkbmqF8C7KFwfCu0g4Flt3r9Vbd7E1teXrWTueP3t1ct8bwr7IUR9r8h"
    "W07NYIgx0THjScylqXkDmZNhiufuPoL8XOqZUTPp6nIqzaR/xKhnMemlUz8Uh9n02I+osz"
    "4roDyhXn7DF0S6EH9MeOkzA1afGWBGNjzjKBc+NyC6d7pnIK97dkDiASvT+QE9NBLv32RA"
    "HxGppYhYsfrDPBHL9S0NLk3XFLG6BAHMmIcsMHcHyv0IqAsyefAiFTZqBAYj6k4BFG1NsT"
    "37WXh4TERHClMOItz3XNKztn+JB+IfH8PUmZDPE8F/5g7gQJYoI/AM1SmRgpcdAuoqU9PG"
    "shHMwNCVNh+0SlZClexvjotoCnPzyilk20+J8t+RQtrYwkMnZq/Gd6HK52TBr06YWG6lzC"
    "JZrXvX6jUG3d7lYgPigVzf9wfd25YoCybeB9L/oz9o3V4CNmMcTZOzxPukTIRQFxrIk256"
    "vZqi8PhT/gaML+ZYQaZfJbpXomMedZjf9ATAjUQ7fVrrfsRXn+NZ1SiXJHW/5z8mOSJHpP"
    "4wX+TwH7giIkeDAGiaiLG5MjBvA/hfkQHMGVDT0exn8IgcDjzCsS2KwTP1bAtM4BPyDVJ/"
    "xWLLjX+HGqGJ81aJXU4ez14te0pyAuRejJclnRXLtrjd093KrD3qksySWXmsq/NXi6Stkj"
    "BTdP6rSo4NudLdDxiHo1FQ/ESxiRbGH1Knvu9oSsvu5ZLd5TNUNHcy6qPXESsF4h3n/5aM"
    "S+kE4BjS+5wA7NKsY6RX728EvjtEWq5WKPE3sgp9ENq8bXcuAbSmmDyQZutb60Zud1wCCz"
    "0hW05n8oPQu7tubyA/B3Xk9xoPpNdqNLudmz8uQey677/bobO2dda2ztrWWds6a1szYp21"
    "/QNHXWdta6Vzo2/do78anljPFPjWPfx98j173d/lK/cGcrE5qaUdhO/XHOYegh/a6POudj"
    "YtvLFUl7m8zeZw2etazd4y2Bt0Ch0hODevILpv8iv28tgURFJWFtnHj0ZcvusA0rKhnQPu"
    "1k4gfdctrtf/A92qa9A="
)
