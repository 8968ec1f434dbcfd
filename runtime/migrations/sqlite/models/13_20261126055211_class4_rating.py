from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "carriers" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "status" VARCHAR(16) NOT NULL /* ACTIVE: active\nINACTIVE: inactive\nPENDING: pending */,
    "currency" VARCHAR(3) NOT NULL /* ISO 4217; the currency of its provider cards. */,
    "channels" INT NOT NULL /* Concurrent calls; 0 = no limit. */,
    "cps" INT NOT NULL /* Calls per second; 0 = no limit. */,
    "first_reply_timeout" INT NOT NULL /* Seconds: first reply (100 Trying), post-dial delay, ringing. */,
    "pdd_timeout" INT NOT NULL,
    "ring_timeout" INT NOT NULL,
    "credentials_encrypted" TEXT NOT NULL /* Our credentials toward the carrier (username, password...), encrypted with the */,
    "tags" JSON NOT NULL,
    "notes" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
        CREATE TABLE IF NOT EXISTS "exchange_rates" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "base" VARCHAR(3) NOT NULL,
    "quote" VARCHAR(3) NOT NULL,
    "rate" VARCHAR(40) NOT NULL,
    "as_of" TIMESTAMP NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* ``1 base = rate quote`` from ``as_of`` (manual entry or import); the newest row at a */;
CREATE INDEX IF NOT EXISTS "idx_exchange_ra_base_6db326" ON "exchange_rates" ("base", "quote", "as_of");
        CREATE TABLE IF NOT EXISTS "customer_ips" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "address" VARCHAR(255) NOT NULL /* An IP address or CIDR block (sends), or a host name (receives). */,
    "direction" VARCHAR(16) NOT NULL /* ``sends`` (calls come from it) or ``receives`` (calls go to it). */,
    "protocol" VARCHAR(8) NOT NULL,
    "port" INT NOT NULL,
    "channels" INT NOT NULL,
    "cps" INT NOT NULL,
    "cli_auth" INT NOT NULL /* Several customers share this address and are told apart by their CLIs. */,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE
) /* A customer's address: one its calls come from (IP authentication), or one we send */;
        CREATE TABLE IF NOT EXISTS "carrier_ips" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "address" VARCHAR(255) NOT NULL /* An IP address, a CIDR block (sends) or a host name (receives). */,
    "direction" VARCHAR(16) NOT NULL /* SENDS: sends\nRECEIVES: receives */,
    "protocol" VARCHAR(8) NOT NULL /* UDP: udp\nTCP: tcp\nTLS: tls */,
    "port" INT NOT NULL,
    "weight" INT NOT NULL /* Share of calls among the carrier's addresses (10 vs 1: 10/11 of the calls). */,
    "channels" INT NOT NULL,
    "cps" INT NOT NULL,
    "carrier_id" INT NOT NULL REFERENCES "carriers" ("id") ON DELETE CASCADE
) /* An address of a carrier: where we send calls, or where its calls come from. */;
        CREATE TABLE IF NOT EXISTS "rate_cards" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "uuid" CHAR(36) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL /* PROVIDER: provider\nCUSTOMER: customer */,
    "currency" VARCHAR(3) NOT NULL,
    "direction" VARCHAR(16) NOT NULL /* TERMINATION: termination\nORIGINATION: origination */,
    "precision" INT NOT NULL /* Decimal places of a call's cost, and how it is rounded to them. */,
    "rounding" VARCHAR(16) NOT NULL /* UP: up\nDOWN: down\nHALF_UP: half_up\nHALF_DOWN: half_down */,
    "duration_rounding" VARCHAR(16) NOT NULL /* UP: up\nDOWN: down\nHALF_UP: half_up\nHALF_DOWN: half_down */,
    "tech_prefix" VARCHAR(20) NOT NULL /* Provider cards: digits put in front of the number sent to the carrier. */,
    "capped_rate" VARCHAR(40) /* Rows priced above it are not routed (None: no cap). */,
    "blocked_types" JSON NOT NULL /* Destination types refused with ``403 Destination Blocked``. */,
    "presentation" VARCHAR(16) NOT NULL /* ``single`` or ``inter_intra`` (US interstate/intrastate columns). */,
    "compact" VARCHAR(8) NOT NULL /* MIN: min\nMAX: max\nAVG: avg */,
    "strategy" VARCHAR(20) NOT NULL /* LCR: lcr\nREVERSE_LCR: reverse_lcr\nPRIORITY: priority\nWEIGHTED: weighted\nROUND_ROBIN: round_robin\nTIER: tier\nLCR_PERFORMANCE: lcr_performance\nDROP: drop */,
    "stale" INT NOT NULL /* Customer cards built from parents: a parent's active revision changed since the build. */,
    "notes" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "carrier_id" INT REFERENCES "carriers" ("id") ON DELETE RESTRICT /* A provider card's carrier (None for customer cards). */
);
        CREATE TABLE IF NOT EXISTS "rate_card_parents" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "weight" INT NOT NULL /* Routing weight (weighted random, tier) and position (priority order). */,
    "position" INT NOT NULL,
    "card_id" INT NOT NULL REFERENCES "rate_cards" ("id") ON DELETE CASCADE,
    "parent_id" INT NOT NULL REFERENCES "rate_cards" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_rate_card_p_card_id_08605c" UNIQUE ("card_id", "parent_id")
) /* A provider card a customer card is built from (and routes to). */;
        CREATE TABLE IF NOT EXISTS "profit_rules" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "match" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* ABSOLUTE: absolute\nRELATIVE: relative\nPERCENT: percent */,
    "value" VARCHAR(40) NOT NULL,
    "connection_fee" VARCHAR(40) /* The sell connection fee; None: the worst case among the parents. */,
    "mcd" INT /* Increment overrides; None: the worst case (largest) among the parents. */,
    "pulse" INT,
    "blocked" INT NOT NULL /* The matched prefixes are not sold (a blocked row). */,
    "position" INT NOT NULL,
    "card_id" INT NOT NULL REFERENCES "rate_cards" ("id") ON DELETE CASCADE
) /* How a built customer card prices the prefixes ``match`` covers (a prefix, or a */;
        CREATE TABLE IF NOT EXISTS "rate_revisions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" INT NOT NULL /* 1, 2, 3... per card. */,
    "status" VARCHAR(16) NOT NULL /* PENDING: pending\nACTIVE: active\nARCHIVED: archived */,
    "date_live" TIMESTAMP /* When it becomes active (None: at once, when it is activated). */,
    "activated_at" TIMESTAMP,
    "source" VARCHAR(16) NOT NULL /* ``upload``, ``edit``, ``build`` (customer cards) or ``import``. */,
    "built_from" JSON NOT NULL /* For a built revision: the parents' revision ids it was built from. */,
    "row_count" INT NOT NULL,
    "note" TEXT NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "card_id" INT NOT NULL REFERENCES "rate_cards" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_rate_revisi_card_id_99dc45" UNIQUE ("card_id", "number")
);
        CREATE TABLE IF NOT EXISTS "rates" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "prefix" VARCHAR(20) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "rate" VARCHAR(40) NOT NULL,
    "connection_fee" VARCHAR(40) NOT NULL,
    "mcd" INT NOT NULL /* Minimum charged duration and billing increment, seconds (``MCD/Pulse``: 30/6). */,
    "pulse" INT NOT NULL,
    "status" VARCHAR(8) NOT NULL /* ACTIVE: active\nBLOCKED: blocked */,
    "inter" VARCHAR(40) /* US interstate / intrastate rates, when the card's presentation has them. */,
    "intra" VARCHAR(40),
    "candidates" JSON /* Built customer cards: ``[{"card", "revision", "prefix", "rate", "fee", "mcd", */,
    "revision_id" INT NOT NULL REFERENCES "rate_revisions" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_rates_revisio_237d2d" UNIQUE ("revision_id", "prefix")
) /* One row of a revision: a prefix, its per-minute rate and increments. */;
        CREATE TABLE IF NOT EXISTS "carrier_reply_rules" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" INT NOT NULL,
    "action" VARCHAR(16) NOT NULL /* DEFAULT: default\nFAILOVER: failover\nREPLACE: replace */,
    "new_code" INT /* For ``replace``: the code and reason passed on instead. */,
    "reason" VARCHAR(128) NOT NULL,
    "carrier_id" INT NOT NULL REFERENCES "carriers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_carrier_rep_carrier_7fe77f" UNIQUE ("carrier_id", "code")
) /* Reply management: what a SIP code from this carrier does. */;
        CREATE TABLE IF NOT EXISTS "routes" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "uuid" CHAR(36) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "tech_prefix" VARCHAR(20) NOT NULL /* Digits at the front of the dialled number, stripped; may end in ``*`` or ``#``. */,
    "dial_string" JSON NOT NULL /* Prefixes or ``^regex`` lines; empty = every number. */,
    "manipulation" JSON NOT NULL /* Number manipulation, in order: ``[{"match": regex, "replace": template}]`` on the */,
    "strategy" VARCHAR(20) NOT NULL /* LCR: lcr\nREVERSE_LCR: reverse_lcr\nPRIORITY: priority\nWEIGHTED: weighted\nROUND_ROBIN: round_robin\nTIER: tier\nLCR_PERFORMANCE: lcr_performance\nDROP: drop */,
    "strategies" JSON NOT NULL,
    "lock_cards" JSON NOT NULL /* Provider cards this route may use only (lock) or never (exclude); ids. */,
    "exclude_cards" JSON NOT NULL,
    "capped_rate" VARCHAR(40) /* Provider rates above it are dropped (in the customer's currency); None: no cap. */,
    "profit_assurance" INT NOT NULL /* Never route at a loss: carriers costing more than the sell rate are dropped. */,
    "max_duration" INT NOT NULL /* Seconds a call may last (0 = no limit of its own). */,
    "channels" INT NOT NULL,
    "cps" INT NOT NULL,
    "script" VARCHAR(100) NOT NULL,
    "script_timeout_action" VARCHAR(64) NOT NULL,
    "priority" INT NOT NULL,
    "enabled" INT NOT NULL,
    "notes" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "card_id" INT NOT NULL REFERENCES "rate_cards" ("id") ON DELETE RESTRICT /* The customer card that prices and routes the call. */,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    "script_app_id" INT REFERENCES "apps" ("id") ON DELETE SET NULL /* A ScriptForge routing hook run last: the app and script, its time-out action. */
);
        CREATE TABLE IF NOT EXISTS "round_robin_positions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "prefix" VARCHAR(20) NOT NULL,
    "position" INT NOT NULL,
    "route_id" INT NOT NULL REFERENCES "routes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_round_robin_route_i_8e02e3" UNIQUE ("route_id", "prefix")
) /* Where a round-robin route's rotation stands for one prefix. */;
        ALTER TABLE "customers" ADD "pdd_timeout" INT;
        ALTER TABLE "customers" ADD "first_reply_timeout" INT /* Seconds; None = the carrier's. */;
        ALTER TABLE "customers" ADD "tags" JSON NOT NULL;
        ALTER TABLE "customers" ADD "debit_limit" VARCHAR(40) NOT NULL DEFAULT 0 /* 0 = prepaid; positive = how far the balance may go below zero (postpaid). */;
        ALTER TABLE "customers" ADD "ring_timeout" INT;
        ALTER TABLE "customers" ADD "tech_prefix" VARCHAR(20) NOT NULL DEFAULT '' /* Digits the customer puts in front of the number (told apart on a shared IP). */;
        ALTER TABLE "customers" ADD "channels" INT NOT NULL DEFAULT 0 /* Concurrent calls and calls per second for the whole account; 0 = no limit. */;
        ALTER TABLE "customers" ADD "day_time_restriction" JSON NOT NULL /* When calls are allowed: ``{"timezone": zone, "windows": [{"days": "1-5", */;
        ALTER TABLE "customers" ADD "cps" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "customers" DROP COLUMN "pdd_timeout";
        ALTER TABLE "customers" DROP COLUMN "first_reply_timeout";
        ALTER TABLE "customers" DROP COLUMN "tags";
        ALTER TABLE "customers" DROP COLUMN "debit_limit";
        ALTER TABLE "customers" DROP COLUMN "ring_timeout";
        ALTER TABLE "customers" DROP COLUMN "tech_prefix";
        ALTER TABLE "customers" DROP COLUMN "channels";
        ALTER TABLE "customers" DROP COLUMN "day_time_restriction";
        ALTER TABLE "customers" DROP COLUMN "cps";
        DROP TABLE IF EXISTS "rate_card_parents";
        DROP TABLE IF EXISTS "carrier_reply_rules";
        DROP TABLE IF EXISTS "customer_ips";
        DROP TABLE IF EXISTS "routes";
        DROP TABLE IF EXISTS "rate_revisions";
        DROP TABLE IF EXISTS "carrier_ips";
        DROP TABLE IF EXISTS "profit_rules";
        DROP TABLE IF EXISTS "carriers";
        DROP TABLE IF EXISTS "rate_cards";
        DROP TABLE IF EXISTS "rates";
        DROP TABLE IF EXISTS "round_robin_positions";
        DROP TABLE IF EXISTS "exchange_rates";"""


MODELS_STATE = (
    "eJztfXt34ka271epxf0j9hzacbvbnQx9Zu7CNp0wcdsesDuTG+aAgLJRLFQaPWyTnHz3u3"
    "eVBEIPrAIhhLrWykobqXZJ2rte+7dff9SmbEwN56hp6T/RWa1B/qiZ2pTCH5E7dVLTLGtx"
    "HS+42tDgTTVL7z/SGb+oDR3X1kYuXL/XDIfCpTF1RrZuuTozsXWTGMx8eGPoT3RMmjdtMr"
    "LpmJqurhlH5No0ZkQj3R+bb05OPxB2T9wJJQ6FNi7RHeK4DFof4ZPGbASP0s2HPDv1TP0/"
    "Hu277IFCGxu6/vXfcFk3x/SFOsFP67F/r1NjvMQwfYwd8Ot9d2bxa23T/cQb4vsO+yNmeF"
    "Nz0diauRNmzlvrpotXH6hJbc2l2L1re8hC0zMMn9sBV8WbLpqIVwzRjOm95hkoCKQWL7C4"
    "Vuv3r65v+93Wbb9fiwkpoAix2L80YiYKGF7V4V//gK/w5uTt++/ef//uw/vvoQl/zfmV7/"
    "4Uj14wRhBy9lzd1v7k9zVXEy04jxdM5f/G2Ho+0exkvgbtI5yFV45yNuDjKtYGFxa8XYzp"
    "Ipg71V76BjUf3An8fHt8vIKVX5qd8x+bnQNodYiPZDAJxey88m+diHvI7wV/LZve6y8yHF"
    "5Q5MPj3Q7fZQ5/yMLgD+n8/RBlL6yK/YnmTGQYHKap4DD+8D4Dkz+8T2Uy3lpmMizjyIy+"
    "5sbZfAF3XH1Kk1m9TBlh9tgnPQr+2EfWwweOcfvz59UK1t+2P7e6t83PN/i4qeP8x+D8a9"
    "628M4JvzqLXD2IzoV5J+Tn9u2PBH+S/3d91eLsZY77YPMnLtrd/r8avpPmuaxvsue+Ng4t"
    "AcHVgGtLUjc0x+17zlpyj9LmIHn/lcsi+D0RdMCTlZKmL5YO3a0h52VKJeUyS9mmT+xxrd"
    "m8TKmkXGYpw6Jr96U0pRDF6+rSPmzJOWhMqIPePyYqTMiuOHc/gYKrP5igyXMmt+GNNHOU"
    "pCn5av+d382eMffPYPQEVxez2dae50p7eFDBt8MXU1ecypvd8+ZFq8Y5PNRGj8+aPe4vsR"
    "rvsBMWuTJvG781PZlGr2im9sCZg1+B7zwHW6xaIgZjvQbAWNnAl3RGKuCjXMCH5yWx9e6u"
    "fZGyTHqJnMXLR0i1d6r5Cu5xFfGd2MbCGxT/zmXdcLf4UYmwjfzVbld3DSnezgmKQzVqtU"
    "KY+/bk+yzI0cn36dAR3lvmb/jNYly+pS8pC2yErAK8XnX+bf3rdunoG3D04HPzX4dLx9/L"
    "66sfguYhCZxfXp/FBvaU/s5MybG9oCmQ5Xe355Jcr7WbV02Cr0vwfYlukueJPppwkwicI7"
    "5xiKm5nq0ZbwzNfPDgoEJQdXLIQa82o45L7bE269UOCSy6zHiicVvMVp5Q8OKGhqT+E7Ud"
    "4JqcvpJAuZbeUowSWrsFoejjwCbmvzexQChOnYiWDtHMMfmNDR1ie+ZHYoJUG9h8hr853d"
    "jW7t0jcnDFXKLFBsQWntEz74VKQx7prBH06RCLAXeJ5iKFbuNwI5qBIOiszp+AHV13PsPQ"
    "ugcdwCGjGQwG5+gwaYjlcsILredsCn3LLCoLirWWlOgI2sZppNYkEziBEfxIMmQespgFM7"
    "0BbIZHOyBdkBbRXQJq1xMNLQR8DJCDweDbwQAtsbrrJJh2c35CzxwMOBMGg0M+KOAa6fKP"
    "Aj0ZVqN7zxzh9zlizJjMncC7ENC6aDCILUNz4YnT19emk9N3GRYnaJW6OvF7y2NJRwXeMC"
    "jopjabyoypOGUuY2tLq1M7eFuCb8s5D8ow6aLBni8PxNAdF4TDNxUYIMEcDxaZ+ecmbFP5"
    "9l3wBrWQo/866w2CEHGJx0FpdJ7AYDicybB7maoCJ3Jl0VUW3XruFl3PGq8p9WVKJfWySD"
    "3BJMTfPma/SIfbF8NDcxw470+pKc6Iy+PjzCf+9FOHwtEseUtbwOnNeV97OBjSjBxLkynQ"
    "iDZm1ZfFCaGKfLrXDdq36ZOeA7c+QV8dv6uq8ouaT/0nzd6QUy3z6YtWJQPjEo8QxtiMP/"
    "9gw6oy5/GpD8uurdMNWfTTlxZ0M6sqm5zRhI49Y1Mudf1uqssmjh5uyiTspKosQhOzQzfl"
    "0YXopapM0qcWs93+5it3m3dU4fUb3nTzxburPdHxP6Gnyq7fLp0iRrwpo+AAfuv3VFVODT"
    "3X3fjofcY7qSqLuBFjMwbdQBdVZc8T00e0HzjBrc+jL9iP72xXCtwb/TaJRvj3+YZSYZm4"
    "tT3z0dBNKiycvmFCtAjMFbpJdDdm9tiAzTbzNl7POthHefjbXLL74QeioW/C2CM3O2OcSC"
    "MwJnI2C+o6NxkilvgGSIjGrYWbsnrLjqUhyCvZxXQZE1vpbNqPYHEZgn5NzkJ2f09tOsax"
    "iVwdeY7LptQmeGbSjAZadtFlJLheJzD+4ZpmGOTAZPPrhwkBwFt4QIJP7K+cMShVv2Xt38"
    "pNdodussogV5Q7orLJpXN/P60zWWxyuNhLLVwLAhWtk+AEFmwbckyNUJXYn7BQxq4Ig/J3"
    "6Q2joLLpAmUbs1mDoBZTNTkGKmnc5sDU81BX+zVmszI2Ml1LFmEWGHSTtYCQuXe1ChA2MG"
    "dJ+mN5Q0N3JnA29ykboFARfTr1eLfEMTXLmTCXHGjiKD/0zLFBD9HjkgLJjLuDe/YoweM8"
    "995XnfwDlzl18N/lwX8Nr8dNfR0LWudrXQrT19VHwVCuk8Hg7dHJ0fFgEB/6rzUu2HPPZG"
    "5C3Ex6tFLQvgI6WNFhSmIFS4DjdFOzZ8nsXtBEGD6c+dBeSeYAhoyIl/3GIb/rsF7PeIRQ"
    "A3ajxsD2TK4zihbOIAEPWqeD7AI9Q3GEBQryPGtfNTu/JEs0aB/Wzs5+uW01o+m4gm1MEt"
    "CI0lVgOhUAaSy4Jg9qRGkVrKFgjT0SrdK+d60kvqZ970g/9Ma6KxzrkvTDxd36Sv0Q2/UN"
    "9pBJOUxnbc5JSc70h69F7/rrycm7d9+dHL/78P3p++++O/3+eD7F47dWzfWz9g843ZcW6t"
    "e1M/n9tMhdtFB5VHgTHbnMFrKSOKouU5VZEV/3qJp7FlnBMrnzSohEmQvidhjBH9nsQMtU"
    "VRy721CzhHuMJJ+3DNRVKRETG/5GR670QhwhU5zOzOmklfhVPieuxfsPzGyNyTa1EqyNr7"
    "I5IKsco09OTzPlETldkUfkNMrrIcU0OnE2/6N7fZWCIM8pomd1feSS/+U5M/bveLGCs8iK"
    "1dh9FKaPnLSxgyh2r927Sbb0dLbPCRTX1+e6nytIcv1epqrcurKF1DQJ4N+KXDSWYmsqWy"
    "USJWwTFZy77CRggmF3nnREMHCJUWmKq+WGofLrblNzdlzN9RIibpC/LdObxgwpS7xeUBe4"
    "uqLq/kQl19ha8/y2/aXVIIK6Z7avgiu6GVzr3nVvWlcXrYsGcTzHovAWYnztHJ8bebZNzZ"
    "FcCEKIpsiEsd2LYva/LEkP01MexhIewmAfUrs/NNjosQ8D204wMKwy7yTTlxgZ5Q4swa75"
    "jQPzABQAUzOI+BKHHNAXl5oi6ym7J932DcGqBk6dPNjMs+BfeD0PM6zajE2dQzJiYumNuc"
    "nk/pSeyTMqDgac0YMBOToKfpD/Io7+OyVvyFu4/jyhJnGoSw7OmWnSl/Nu/B0Il1mig06R"
    "tq60oQgfI3GsSKQt8SjcXZzERIMBYSTsfelBEiGS4pw0jiWnNQx0sfS7ZKQZhsh7LP6yYL"
    "A7FBg75slsMX7xecIMCrviiHmm+5Eck78Rk4G2P02I7M25620LOClYO122VrnFurN5MqZD"
    "9LRAqcXZeUFH+lQzklkaoYziSoL0yO+iJGyu4Si1bGpp+vgjsZij49EQrk3YM/QuBvZQM/"
    "A4TKbajDwwMqQG3Pyd2owcIECEtAn+orn2nB3numidtz83Lw/efl8XmoHzH0MXnkDBKel9"
    "rGirS0eTvnzl1ghZeSGX2oX+wAPslyK4PRfPBpisGRY4Pw23f0Q4cJkxJpqFBwxmEo04wA"
    "Q6Ju2bBEnn3flq1D5Lzd6T9JK9JzHh3+u2w80cxqyPLjHMS5j5qQtpCnWJjyC1Lt+3nI/k"
    "CiP3/yYEp9m2jifWpICI15pveUm2xuM1BBOhKrFAdrbX4cPW4GyUTLE24RihieUAVgZ8co"
    "rDRrp5Ko1+I2vVenvNfwfVG8jQ0w1XN50jfOzfZfegn1E39c/RNsUMIeyZjhugyP7Rm5f7"
    "6UFL/LdOerVneC327OClX6EJsIT/3au9fXPaq9VjC1XeD+iZvRrq3eLa8feN42O4Cn+6zG"
    "8mLv357z8Hg4+ETi13BuujZjxDR5LHlq2Y51ztIUEnSB90QftyDDJ8nuwgK62lVCX7SF96"
    "q+vQqxLwV03qAY/yScAfT/wVAeC3mIS/ZAewTAnz4K6rjTblVGBgr1hJ5sj5s9gcxYWlFw"
    "wQhjfOiFl0TPwPxUpkWCcAU1PwamaauwAj/Nx1ImVdngkc9U0TZAZDsV2lwLxli7tu9bmB"
    "azNGdXWrytMV4/vQnWjj9PQYUMiwbEZp5mzOOwBodX1hId1w5kFH/8R+qjqk4C5m7jRHtM"
    "8tyRuya95bh4kqh1Xk2Vgfb7pjCj+3Cs48/cnuw9EyyXtKKp3/k/0ZeqnqCOLYqPDk2IxP"
    "HejoB+ynqpyqbI7xLbBpqulGf8heNt30vgSdnbGXqo6rIpOq7w2DivBl5+fzFf7swfn9dZ"
    "/2hcKQJQ/iXCMU+h0x2IOO2QqJQy0NhUcsYNpIt+AeyllUJwblEe4xW3jfJWVAzK1f5WJf"
    "Lhd7vgLG+Zru5zEnqJyT/clplqgaaLUiBjIWrnQPD5bOBLBEVF5PmjIFM1ia4zwzWL4nmj"
    "OR4XWMsIKJF7YS3as7/UU4RuR4wZhBNTNlZQ7TRRNFAuG2uB0sLMUaUM+ury+XTDVn7Wj2"
    "zbvPZy0Y7xEHvbgbhUMddJXvpyanTd0MEyiLc3Z9W+qdUVmlq2ufVFbpr1HqaVbpsNSx9F"
    "af6zBrCD5GnIPsy4nG7KGo4zN8d0VRSjeht5uXdTdVPMrG5DTYqb4/ZTzQZNqh6EGQXMhj"
    "6X59FYiFRty+7TfNDGI5WL+XYIA5xWgJ9LSHf0RpjW8cwi3D5ADLltZJUAm37lNhAeHZ0d"
    "HRYT2IRUtAs/J9QM9sX7SAbKKDRO1ZnYz1+3seHof+yjD0j/w6kA55pNRCEt0m7NkMqipk"
    "RcZ+rT3CLz5a5lm//i0Fl6kctXiviBy1gaSywhBB+zKjD7XBAOfEYIBlQIJ5IX7xWTEYwL"
    "yITbesRAWnVViRbS91iqxKtvf1HgmiTom+y+UyT9OLtIRISj34MZkB7gyw0rvwMUQTUX6w"
    "9hNnwp4dortiz3Aa/hKPvu8EZOChF2odA0Bdd/YGDSXwMSlVRXJ/wo7ryMDRfMKkUi0uKB"
    "TyrUqnfo0IhqoxsnNdVtUY2dcaIx16D7NscsseaaLyunS/vkp5tUVL0MigaUbl9RpUSd1x"
    "PIrKHycnnPyI8Ac6gbrJ4UNUIKdEg76mujH7CBSeA4JBrwoL86y4wTsunRLyf0TPBBUd/n"
    "BCqVsEATnAK7wReYbjCKizsJmJuvYY+W7o2InukKGNbVIL2ysXjx26ePzm6jLnL7955dw7"
    "8k9FK+aIDG8XFCoh/uv8nbuUCTYl8vn1RJXxXkqtZl7ftDrN2+tOY+491zPP77q3159bcC"
    "1AjXtm95fubetzgzgzx6XT6C6RSRvJHVNZsFpqIY+SqQNqArIitvw1tLwlwgoqeXui1GWy"
    "VdIXS4fu1pDyMqUSc6nF7DnreZw4ec5j5XKwNfkKdWodES9TKimXTcoSqS22C3LwYbIC5A"
    "jdr68GOcSAkwE5miZmdqWO4yMDfh9EVO8hmP+Qb0ezj+SRWi7BcugGGi+emWeMyUR7oqIB"
    "HSfEmuTc+QZohFKcc1XsVgSh7NWxp0hJ7Pt6WdJdsWyH24oZqkqyS3bR+epSd1zB+tguuX"
    "R/5S7J3bj6hmgqYwpAUEqMusDZa+FpFqTiGcGyaLAHjwq0vVdrwj3+br1agpdATv32zJ6J"
    "345b64xY3hC+biJMA0GPPHcQJfzjEfKHdp5lMG0smg09c2zQj8HL4MURs3Tq9Eyez5rfxo"
    "ILDBqb9BnfrQ49PNh+D5ZlQGtxk9rEZ2+QINkBYRGUGL6HnzY+YTP/dV71J4hu+beyNny1"
    "NZu26PuzmE58UB44FAacZsydOEXmbhipKZ49kvQFY+2pQWXpkkuPJiuV8EpjznB115CaGn"
    "MC5QiVxREq/GYxLqf7H0bIKsDron388I2kOO63Ly+raxe+TyXPjcK9L834sQpd/Hnp3OAI"
    "RA4+a/bjGBp/+6OGp5+hZgtfzqRKEVt5xI6HgsnchCUufSgE7cs7FEo768T5Os7sM93U7F"
    "kyuxc00cD7mZ8nqBx7Nj8wiZf9xiG/6xbhL0gOGqCcNQY2gn6g8YsWziDlxCXbgURUv5/p"
    "fC5QkOdZ+6rZ+SVZomcJmdHPfrltNaMh/syzRSIwOQt6jK7EZSi4aLia6nKfMl/1BD0Ucw"
    "bVRdk+HauMTf00Qu5Ed+YqL18tD2DdAL3xkc4aiZLPr3uhywr+8tJMQ0qEr+MYutIxwy7c"
    "D1RX6GPmrKommF8dmOCz+kMpD6QoXQUW3iKyy8y5Jg9eRmkVfKngy0zwZVoOuddzx8mkjD"
    "MXWdp84A0j9Ljb8AEsZ/f3wWWefHHeOGHL3awr5TVcLhwPx5AslhemUWbQVwGhgnPvlcwV"
    "RCXfq8zxyGZpwObr7tkBbYGcxtMKM4Ufvozi0rz43L5qEG081c2eedH60rpEb+0GKARP1M"
    "DtrGd2725urju3DeJ4FuZK7ZmdVvPi+urylwZZeu7unbVVxkSVMVFlTEwBVFTGRJUxUWnE"
    "ic7rKmNixaSe4L2nMiZ+ZY6aEphXOEuC3n+ks42LNeo/0dkeTve0RAlbrTDRMp++aIm4oH"
    "+nvgoZpOZT/0mTAAfRkgJEus14LU0CxDp3OzwYDCyboaP+EdwfDNB2LYidZGxwvZ7QTfGT"
    "oT04dUyHBHfOmWnSl/Nug/wFqFw6guHyF+jM8KgodW2iX5VvT9ceQCy+Ad2d0Blv4FD3Y8"
    "8Eav0JxtpfMFmCg7rZaBI8lqCWJqxAPN0Sz3fgpy5zDj+Svxhs9IiP5aQjzcSWQ9ozRxPN"
    "BKlh+8BIJOITPFOQAK0/DH1i7vIlbE9vcOUj/m1HlG3U4POFx2TwYQz+92zDkTc1a+CvQf"
    "YSmJrKGXKnIOojlTLO+c0rqE9vBXbikz7O33RvkzlBBWC9ot1N5outJHixRFcgeDG/srfo"
    "hb9BSfN7TqW4LcFtsT9LMntBpHgtwWvdmb+5HL+XCRXPJXiuwLr0o8p+wjYKrPsapZ4FrA"
    "tkJ+cauExVgSNyASqISsO6uQIdgx5VGtbaCnSxvhdpWP/BhrUEjBIv11dGWnNW9X9jw8zl"
    "QkBamAx1hNExGATto3jk3jNH2KpOLLTi8lBnB0OJiePZT/oTDz3GEh2a7SbVvM2t3yyVPX"
    "gxEmxse9xIoup6lLOuRyB8mY01TFPgtjoF1hW0tR4fZ9laj4/Tt1a8F4kqBBHEuYwVD74g"
    "jJcSWugTRc+r+sgl/8vDNCplWkRurEb6oqBe5LCJHUSRvvlStI4735y4wIH+rOlBCg8Zd7"
    "6fm+3b9tUPDeLTo0vfZfOX1gU69BnajI57ZvP8tv2l1SDC/6pnnl9/vrls3WKbEZta3MTT"
    "Mz8125d46V7TDQEH7d69T3PRYuU6/ak2TpBm+gE1SlfcOfVYUoBN/1UJ32rFLnyv2eRAIy"
    "ND06cgIg+4jYZDZsKj6BOGfokQhGdmP1KbjHWaaK7Ms+cte2HhOAqEJiHnKJlyb4syFg/C"
    "7P5eeg8K0e3BNlQbDP7o1fANe/CrB58Kffdq8Jo9zK4Gw9t0dc3oAWWvxtfF/tTBpsD2Pw"
    "cDNHXjQ8mBTV17RjQXZsSIJsypLT5nxxumf2SPjZNXkpp5OXpDZZiIOZzVaz9j8CwucqCf"
    "8WhYvj6ip8Qzr4bo76R42/lI0F3C5tf9/ZS7PCQMjfy6rZhXVsQAi90lrPGvrEdhwj1YkE"
    "p7LoZbiRarV9i/IFPMX5/51LaTysi9wvs5lWL9+qwXRm5JY8ISkbIlZLEl+CzjDoOyh4ko"
    "rXKwLvNWrmzx6fNsP62yyhb/NUo9iy3+XjfXzRwTIVVrennEHJ/dyhMgX/TNNwTLpUEL0y"
    "iuKv+KIvwr4oM2B5Z25x1VlKtLU7VMjis/fWmZrj2rJTivBLfqqxxYHp/6FFrpVKJMwCOd"
    "LdL3f+Pg7zc8VsXPvX8wevnpy+HHoK4N8R/gB4896Y4OD0+uFJBf11uNNFMOLEU5sKiQNB"
    "/DOX17kgHDgVapGA6/t38haTs60G8jKO0RvjN5NL/uqRLQFghO+tyTY36te9vhbiqCumde"
    "n/2jdX7bIGz4Gx250VU/y9DPAl6mQ5cx4LJE5bteV3BV9a41a5Yq9OorRK8UqqH07+0ujn"
    "sa39DxzFqCioiX6xniG2wva7FVUe7tiY1EavqkQAQ4CnjuiE2BegTTH/6vWa6H2hwylxkU"
    "71teQpBD3p3nnMRZaYVFaYVFr/OFnNNqV+gwiI5iON1wnDr6GGvqzHgyooPBAB5iPho6zA"
    "J/1MNv8ql92Rok1RTZvLtiMHPZjMcRskpoogUEqKhQoKI4jUElXoLjY/aQFK/ggmNrLFbX"
    "P8FW+4j5olG9x3ASm/7GM+f0zFanc91pEO7O1jPxXH99dwtrJOhLsAz1zM+tz9edXxpkSq"
    "fMnvXM8+bVeeuSx6SMkCdGacJS4OkPDzTBky+bLEPkpRbmj7e3Nw0ycV2rZzZv2g3YIfSe"
    "+Y/rswY6MYOAOtdXIBubmSBwkCUHeGyQJUd4vly3z1sNUSYD2l4C/cgA+pvmD3AZU9KVSp"
    "h9myZESayoa7lMVl7vwNrPmIPvnhtGdBeEyB3U9XGdH5MndOxhgWP+E2VHj46SfNvX6aLg"
    "ShQY45w2KVMc0eYUpRYfW2I91iepoy0MpiRawjDUxJk5Lp32akmSk6TeQeEFCtxzkr0k0m"
    "W3TFVe+a15BMl/evhRgGtgn8uUexPo81Ui3GPP5jBIf5pw1PxkMC2tnO0yXUTI90i4rRl1"
    "fCQZM5uHYC+u784uW+Sm0zpvd9t+wMFckvwmXlokI+u0mpfRDcfyZNm8IFEczsBhoQr0La"
    "o9SsA6EarSxn7vzC3RYA/yEXgB0UZRSOttuf8dIA5k6OkGqBfOET7v77JHqcHg1z96wLkn"
    "6ofoTqnjgCIifmhur/bnvweD2BkqO5kK7isPeKaC+7YTZb80+OFoOHrs1f4v/j1iY+r/aV"
    "PNYSb8CAW9pwTTb9TdrpPM7MS9u2TzbMvW5eK9kUvG382dkeENyNXd5eWuzMxdHyKqJdia"
    "5/fqGQzOAdaU0erc8cy4KZgwvIigJboL26JEWp2XNcTKHBrHo8nvzEzwRc6jQ1UiuFzVLZ"
    "QBrCgDGE4RKXTWLprDxZlyt4Gj4jqDy4yUFSNEU+BIvrs931cYVWV03JV+ZSIfZItbhKhU"
    "0dnshRZM+sL9+9awFkRI98UfHtekjyI72/NENygZ6w4fOvFj4MqWFbYt8AqY6w2KCKnKAl"
    "B6Oa9yV1oh4134KRWVLyl31xOVQied9fsZjqJS6HyNUldBSCq1yv5yVYV2bTW0S6VWqVRq"
    "FZ/ziaaMQCavGTKy2S/Seboqiwl/KVUwe5cmBc9LYuvdXfsi5VjnJXIWLx8h1TrTfKcMXs"
    "E9riS9E+ew8AmLf2cEg5KMAFOhX3L2GM6gRP5mCGHxaQtU8v31TQbSa97cYNCK1TO75532"
    "zW3Dt932zItO+0ur0yBjW3+i9nKwShTv2xE2wJIq3qTn4AnaVwB2KToBT/g1JTgeIVOMl2"
    "Z8mgN16gkk1X16m5V+jo/3xa/Xd3yeDiVYukRTHFc/vN8Tnj5rhiE3SEMUxY7SfRmm3Muz"
    "/ygzSsMkxTH19O3JnrBUuHDL8XSJpsiRerIvc99gD3IsXRColTTGTW00Sqz8lE3jWFAXqn"
    "Pofu5QObWj/VPrFx4uD9Q98+bu7LJ93iCWNzT0ESgjrS4GRIE2IpxFy6FwIPP6hj7V3b5F"
    "7f5UN72kCqrpy0kafYFTYW+2QD9LQt+ydWbrbko229dnRVI/Bc6PwPNFdoZctLvNM57ZI+"
    "ihZ35qd7qgod/rtgMK+mUTf6BLQTlmxxNWSU/SD1PnQ4iitGVJa7cTCgydDqmNedOweiEW"
    "JnRc0hgB753GQIDaX8S3DD6SoTe16JgMZ1gu1p6R0UQzHygSDwYIQQwGcX+pbT1ky3NUeW"
    "ekz7b9tNMr74yvUepZvDMC2cnVB1ymqgAAWECUgvKD2XyXUh4bW/XYSHcsWPAZqzjHGX3m"
    "U336qUMNLcUy4PP4H2xYIR4vazd+YuD1meOnIN5LH/DVvFmKYV2fQeG42SoOIV972phLIc"
    "WiSqzavodTwLRUR6cQV18N3A5L8/W4bdQXUc1DhY9hHmLtCbRBv4+PgU7IdSzMBsGbLlTE"
    "eYA2nP4ckhjHvY0HJPpkLfz9AjRAeWbt0jNrT1Cc0nN4n9xUdhT0tQ1/CdBgJ0k5htI11A"
    "WF0k6zaKd+NiIZFodIKsfjk9PTDDyGVqk85vcUrlpthC0LrqridfLafkuVLKtsDN77+BJY"
    "ATWHJgaYBLfqqzSusWikQkwqrcioEJN07qkQk7UyJb3LkinpXXqmpHexTEnKrX43aiK6X4"
    "08x2XTpHIYK9MlRUkLzJk0vyLhvtJhzw4ZUoOZD8RlJHhzp8G9TPieSCaaQzR0HPFvwp4/"
    "GBDxyVgJY0wsZruawUtjODGsMP9H9MwDd2Iz72HCq+A4vIEfGHpIHEr5hWdbR/QRdAF8kG"
    "7Pn/yNQ2x4J8lkQznmhsIclzThkJnNY21BXeDMFryTnN+187vu7fXnhs/5nvlT65f+l+bl"
    "XauBlVP6vOp5z7xsNS+wiwaBaTXu+x+3e481wfKUPO9p4NycZO+zvCMbRFJp/AbxV/CK4p"
    "ffofghXlX87b+lSOuOOVzFLGf2mNpJWay3/bgdJ94LUBc535hlqgrs4gWgjwoZS+d+dZEx"
    "5XFYNaln8ThUfnA5GyIXZ28JpkaoSlyPodacawBvnBFD/3gf6iO6Q550R8dDA2goLtZqDJ"
    "ry4wToKUL/iB1elItiSeFpmaRS6aq+NFPPQ11Vd9Tn1umawo0sOtK1OkLY+hTfpr+5M2qb"
    "d1Qxl9RtmmkWDEsw1Cxx81VTTT8ixdcd5JqgIRuPRNAR2zNN4E8wPvH7HmzmmeMG0V2HeJ"
    "bBtHGdwJMwVNCpE8tmeJARwJNNsZOkObKVZ6jyJ8qQVCoG52NIWpUt+3VMdCdJs8WclY/d"
    "vbu5vIYzyEWDBD30zH/ete7wCjzew9+du6srUQ1erBs9s3t3ft5qcTLHG40o5XSfmm0eBX"
    "yv6TwG+Lx5dd665JdGyCkjiC3eOZp6z+xpkoK+okjQnKJIoNt5Kgb/yoJ+pWNfMeTrHuQv"
    "a4wN01QOX9yK591w5lIH9l44vyYcF/WH1N00Qljairq1M3zRIMocTtlY+D44nOBJZMKeCZ"
    "zpZn6TKW/nn3HQiod4U/wslFuvyZv7X09O3r377uT43YfvT99/993p98fzXT5+a9V2f9b+"
    "AXf8pQERR0qEMPGd1hkEAV1px4Ds0apg7juPutUfauM+GnETBLDKOh+jLbd5Po8zWI526w"
    "mMXGmHiAXRerwuZ4jiljk9BZ0X3yLG6nTTc4ikHKZnfKy06bnLPHtECf9ociDGDkGu1DGO"
    "7O2bIej7Y4Ln2iAhCuwOLn1xD8mbv88dRvwKx4hA4YyP70fbe8yuC5jDurbGzrREpjam9T"
    "YmzkRxaKHr8D9MqmSwpgw4UCazbi4o9qC2JA+8DRBF/uLkoDGl7qQxgMfaM1x80ekF5GA6"
    "9/CHAFI7Aj50Wf83h5mDQ8JMvvqZujNJqs+3tafseHVMDU5Ld6atVnBa0Y60yvNJeT7t/M"
    "i+pz4wmWICXc1eT+rLlKqcaHkcneJSDrbQNcQcIVVyLrOclUdbHqba5Urz3D1AhqfLRIqv"
    "yh2taHe08SJKeUOehuKdK8rX5dlapjD0LqbE+ieqy7WkDGCLu/WV6b+wXR+1bp1m9m3CZ4"
    "0JV9V5ui0TS3g1SPeflxzDRNxSQy89TzOIY9ERYU/onec6gRefUyfPujshgVgjItvCI3qm"
    "pdnQpwuteFiYc0RaL/CdxownGOOZq2GvHgzIgcnMN3RqubNDbjuE6/AADPxx0H0qPZeYCr"
    "5XPlMlYbAKvt+H+o4q/n5HsCESSDDcb16JYV04q2HvlDGXBO33wVjSDE4g4pzCzyEHDThl"
    "RewY/PxwSHQQBNXGeNYIzjFJXt259LljQ8iTZkvFtQft99iz4EI09E+XgS/aYNBAnsDpcX"
    "7+dMhBj39wr3YYl//63agg9DJsZcoUo0wxKghdST2D1BMwexWErqDlgjWBLRZj2Sb8CTy/"
    "pVML69TVEvDP8O36KgAUv871W2YFQE1C30w1HXja/dxFKPLH28949ha9LPBKcvCjZo4NOo"
    "RT2hvHnWHMMvp4Jpz6c+lSoZI7X2vqCpVUqOR+o5KON/yNjqQiKUMklVPhTjPx+HQFj0/j"
    "PJ64UykEMmhfAe4WDkBOE5CoFVjvtOgw78owWoPDSsLKvALrnVPsMe7X5R9BnjRbx/dxyD"
    "2c3ngaGps+6fQ5ITgoC4VC88owhxSap3AdheYpqWeQukLzFJqn0Lw10bwzz3WTS5n6d+qr"
    "MLwhb5PZfVF0Cf9wSzoR1A3CLGpilQBM+Y+Of9/CqQzrJMMlUWwJRhLcCY6Nvn8hnNviaF"
    "7uj+iZDohqBKORlxYgB3hDN8lgMNXNvrg3GBwdwW84sAS/D+FBDgaaa1gcQWV3U5hg+Ric"
    "DyYI30YTAJV0TWVOUEFU8MP7DFrKh/fphYLeR3UUfZTkoZjO3aB95TTA/FkLTGOeVMXYBU"
    "WB7LVsfaqJYAIZcMQnw7yjwNex+BOzCzron6/ZmHqwTsZYuNuuE928Z3G4ZM0+Ck4/6DJm"
    "uHrC+TNdkCGSyk2Uk0yo+ckK1PwkjpproBkmM/j1DJ4BbZnX+9r5Tf+q+aVBRlbf1J56Jv"
    "y+af7Q4hfwzMivNG9u+p3rn/lFPM3DgbBn3lx3bpuXglrkvxY9+NdFL/4Ny883sfucnc4E"
    "1Ge5rSVEUt5Jg0qnQHT5QR+Gnl+NjP9+njAHs5czY6jZBD/IETmbuZYQXwA37azgHc2SLM"
    "9tlT79Cc9Xw7mNChzoU6DajQx99EgOhjMeqnYIGw+6aMySc91I0BYsrLR6xCsm4Jyi5AIT"
    "FxZs5sF8GCFIX0QerLmejTr4XC6rJZlHp8Wb9IN3kpFzmKa8ki6T48QCipEASpaJKpOWLb"
    "ccCws8S4apS0Qlrhm0M7Y6WM+CFzCUYOsykRqrsQpXymiesNQqo7kynzaU0VxJXRnNldG8"
    "XKzdb6P5jcZHRsxkfuMDKukGc17Vnjd5zVyezkoVbLLzWV1XhmUVbLLHZmVXd5McxldYzA"
    "KCymlJW7GXwUt4U2pKpasP0xTvlb+GzWyOrwdvTg4aI0NznMYALwf5UoK7fHe88H8MsOwG"
    "8iIhJDPHfnfsy69xW3nyPMtgOJ1TFzjpmIV9MpEURmY03NydXbbPG8TyhoY+6pnXN61O8/"
    "a60+XOd6LPwCoaGESjot+NLdRmBpXKmTMnKEfwDD5POnjmZ/RvHAzmohnAzOHjTVg4+ScS"
    "zTDYMx2TA56UsUHoE88K6dPwRgnzN9+uVThO+fZMhSwqjGmpnUIWldQVsqiQxRKwdr+RxX"
    "PPcdmU2m2rloAvhu7WV6GMI79dX7cyx+YENN/A2Ww8tvlxDfNzo4vNCE5r8H+4Te5tNiUH"
    "7RsC03sCCpc+0rCPQ14zEds/U+JQM1aaPP8n9MwFocvIwUX7wqnzzm7O/pWalkdBozuERn"
    "2xy5ykQyRlRvYwjxQOWfG2OFLP2xcdMjQY+hvicHXEANbIBLZS7sJGDmw6ovoTdZLzUm3a"
    "X/FF1Mc6vIGsu9sSUYGqEmeirNo8GHAyLFYQXbJ09xAFMhgEUlg0emC4QulJ+cfy6LBgvM"
    "SymctGTCrqK0xToIy9sVWMRpxFH07XhmO6cHKp09T9J6XO6RbPxqfHH/bGN2yimaZ/QsrI"
    "zzCJcraLMdSS4qWl2JjMRkPv4xE3zsszxgyqmSn8DJFFmDpkYoHdBlfnV2QSNCGoqxnzg7"
    "9DHNggKHEn+lwF4G78/CIz4A9Ls10ynCFQrMOZ57LtJGRxyq3b7Njy2fX15RK2ctaOJua6"
    "+3zWgp2UL/LQSBf6ZILc58qZjIoRoVIoyOsoSMCyHKCQ81BXe8bkrHhIZICVCRTp6tadw9"
    "X3eLU1/1Z9Zak13ep70GorjlfhUUZfXGo62I1ywVIuWHvvgoVzRtYNK0yTj6K3DUZyH5Ox"
    "/kAdlwRv/JGDixYWM8T9AF6Im9kPhGU6mObirCEifbvtGzJmU+B6ihdL7k8o2E3MppoxlZ"
    "H+nKDUWB2Khr8p5/FEcybA7mcKp8WpNqY8KegBqoAPIErhssAbm5SOHfj/M0/u9MzscRJw"
    "l3fnxRviJ9rb/nR8KiP3EEmpJT8YfL44PQjmY4OzvhEw/BAdVXjZ0e6PzTcnpx8Ojo6O+E"
    "WHoLOK/WakOSBS+pIE4+XX8UqJvzvJIPB3J6nyxltxccOSA68lK/EFVZmFXhqn28XpUILP"
    "S0Rrsbmgknw8Rn/CQM82vekQtjGGZ2Qyf/95RbX5PjfWQYk/EO/Fd8XgTsqqmmvvrwSpZ4"
    "pRXxGiHreMOJahzfqyx6konXIly+RKti+Q70mpFayqQr61c25Ew0VBZDYLvFE/kmPyN2Iy"
    "YuhT3cUlBd0J2HNCaqD1utiymHSr/zzRXRp4IGd1aI7S7bFfc5d59ogGMDAcvdGTxDefH8"
    "69jl2GShmI5iPh/scgssTEMxv3tmPvZWqiUBKwkJUmhhBVgRaGQK0vFg7JE9hXDswVc2VV"
    "Dsxfo9SzODArI54y4lXPiBcqI8/0EcWymP0he0mKjjvzO/j0U4cKHDud8V+Czs7YS2kAi4"
    "15/+c2TZ5Nb6yzTzrnR7zE6vxmfWWBVWwGDzQkyqt6lsG0MZxpLZvBUbZOYDzZWMfAId+T"
    "xx9/J1MGus3PzS/kYDBAuPPb/8aX+/tgQHRzHrCb4tCaa+evGmNVKgxlh901g1UqjH1IH6"
    "pifFWM7+7H+X4qS0pF/hqlnkVFtrQk3+ZV2egTnZpLtWvVfp5Q7mlMCQjyifK84/ycTXSn"
    "TmyuCj2h1zFvgwcjIuKbmJ0AL2/cW/EhXsLakaAQfoKzfVr24gVNRLj3SLQ1q9DRtkIBVr"
    "D14vru7LJFbjqt83a37UP682nJby7jyJ1W8zLKY/13CscKN0nvTk8RvURUWtvb7kyYO0Ps"
    "SoZnVBKwKxmPK+B0jwbuf3rUS0SgFjfrK/MQQLP+f7Dd1l3vFdqj0J5dM1ihPQrtUWiPQn"
    "uqq/crtOdrlHoWtKfSzu1rb195u5FPPUcfyXB4TlDeHav2I4bo8xclB5rpA2AO97w89D0q"
    "G35lTd1w3+imaByH0zbpqHgkTTNN5oH+2+fhfxL6SJywOLTnnayr9S01DJ6kDfM0iPQLsP"
    "Lo3NNXxD06jIASOvP9qB1ycAyzC28lhYFs2lsBNfOeNV22Yl5AUpwcPxzvC27HQHb3Bmw6"
    "MZam+7OHaTbyZS8odkrYATR/ZJMHhgmy712Kyb+C8YHJv0xm0gbB4FHiWUmZt9fvZ9eZ8h"
    "/Qs0dGxguKPY5WaPKPaBC4DJ1wNzpYsjzHAwHOQtFth4Td31P0lcLty2AmxpW/QXFiFLEQ"
    "d4LLVd697zoXu3K6rTKGXzYmVwHEZyZObJBQh7FpLQnJX25RXwnnz9v2bWisMP3dQ84K01"
    "eYftnXUYXpK0xfYfqlRXcVpv81Sl1h+mXB9C1dir9+8+rtVrnnqUcNhleT60uyOEaomP06"
    "s6H7KcXUTDJOqxGq0nqt1tCK4Od0ieNs0ZuV9WQt3d6rYDAFg2WAwS70ZagodLm+CvAa6+"
    "PM9bP8vHSBcRLTz9V51sdnbpRZ1Kp6YAlIvTS5Km2lgLJSMTgnoIxPAymobE5R4nTTraO3"
    "H95jOmicx886vKfnksHgvwaD+FrwSttXitln8VNZVco+lrhyYTuUsc5GyPainv1g8Eevhq"
    "/Yg18Xiw+4hUt1Arc0GxZbvHl0dPRnkujW6mHXlnfDxaTFGGgoZ3+P0O2xFf5Wn9I3Q83B"
    "6MvQV8HM1+HSvW47bgNm4K8gXNiNTZTfH+hdJPyONBfaDT2XOn/WYyMiv657cDM0q3hLHE"
    "V//hs9OtBwf85Mk/7r8yX+ITr4Bh4ELxDqhx8p8NrvzCxHgXWVovA1tueYotDVHqQmedB+"
    "fyd3HgLYjjOLMlnFzy/KZKWMF0vtlMlKSX0/8nKWzWpVRWi0ZDzOAxmFdyBXd5eXu4JG20"
    "/2Z2p6tQR4NLhVXwWR6k92fwqtsuOk7M0IuiFI1CDaPBckBzxIzzt5+9eTsMdynejmk2bo"
    "47nq8gYBkQn8MkA4H4kInYjCqfk/pWeOoA/MpokJeebKFmpemKuSjDQTazmNVXbKEi1hdQ"
    "XZKt9G5duoFEWlKH6NKoNSFL9GqWdRFMWBUAYLXVCUAw3Fx0qbOriFytFmaD5w6Yv752CA"
    "9Yz4ZSw0h9dFxHy6gUuKfMcoK+NfLoV5h0j2XdBvUR5LWk6vdrIwP34ExSh0l0y1GRlS0I"
    "BEcUXUnVKGQE4d73hw4KoMWp6EahWiKM6B7rTU+lWInbYulbF03r7A9BV7wkofjOjL71Jx"
    "yv1dxEpru4NPNhB+kxFMmGa/c1LwJAGa48KbzOYOShoR8NlogsV+NklVsW73u7bnKq/sKp"
    "seysbkCnhld+D7frCZZ9USjA+Lm/VV5gfkUf8B26lsBLsHlBVirxD7si+cCrFXiL1C7EuL"
    "3SrE/muUehbEXmUjSNq+8s5GgM9y6UPKztUyvWlMt1pieJi+wD3M0afwl2ZSJjyRZJCObv"
    "vz3eVt86p1fddtkHBPPbPb+udd6+q23byEOxReyHR1zeiZneu7q4t+5/qsfdUgoH6Y477N"
    "hiJbQAmC8dMC8dPhqfQo/D1y9q+JSJqkMBm0UHBl0Yfw8cbJMV51mO32+dvhNX7pmeoPE9"
    "7kLYbXJBlBtvacHcNYJqyYfkoGCQU2QlXePA4dnKqET1WRCly8NOHPgAuaS1B6jgjNIvhd"
    "3BswPgQ26mnL5oOvCJ82iWdqpvPM09cimCyg5Kz4swS5wpfLcgRS+LLClzPgy1/QVNS0Eu"
    "Hl+b36KnT5CVv14X5m7/a5WzgQoWeMRngfRDTDmq7aaIKRvzabkov2hZOUC2S9ThSAXY6l"
    "pa4AbAVgKwBbAdgKwP4aoUwFYH+NUs8CYD8CS9eFVQPaAlfVEZ5CX6aGLAZ3fn111YLTa4"
    "MEPfTM7nmnfXPb8E+w5QBJ4Q28KTUTpuAtfUk554ZpKrDBrZpcrX/drsYw5nPr8vrqh6B5"
    "FNiIGBfm4s96plhQVIDdBZzcnulwwthj36FwPpDidJyyzKflWld/MB3ivzRoxPAwx3XIwY"
    "+fm+dvuj82T04/HNaJ5pDbZ93Q2TcOgaV5Qlz2SE0yZtT5KMoCEmfCnk2iPYCU4rr41p5S"
    "/EkzkO8ENjUpy1CMcI/tQz8yhOKBI3OhOjw4hSMq5GAw+MsRfdGmlkGPRmw6GBDNMNgzHQ"
    "flQ8nfCCLDSaVH8+t41wkBLUsOY14QlDhxCoK3ESBNmG1ubc98NHSTcrSNZ3+YBC1gPiNX"
    "iG6ShLzfxYSCqIw2VYb9S8bjXFH/yKKSA2N9wL4UPN3CgpJTl2vKdLGMlypBEbfUTDXdOG"
    "MvtTRLTnC//qo1B1v2h+yFbj1eAJ8ED1IWF2VxURaXMuqQZdLblcVFWVx2P873E3tXFpev"
    "UepZLC7BEUxiSQ2RlHnvqt2CAgDviad/UTmIlwCYhzt849SJ53iaYcwSnB9liYuviNifaM"
    "5ERm5hmlILTrMfmHlC8F0Ju+eK3E37SjgMMwsEwC/pJsgnLjhZ4tXFYk5PM0gOWqWXi8F7"
    "kXIOOIFkBDcnqNzx5eT0fSb+vl/B3/eJ/O27dGoZwBVpRi9RlpfjtSuENPwRjphH8Nr8gs"
    "lc/V4fidxSnrPw18ab3EDwRjfJvMDJ0gzKs+Pi1QTYG+GYAV8iIfcwTXklvvYc28IaJqqS"
    "Oo72IJXPKkpWnLM9jJRtcTtnawbyyKFY4UiWsyGqAhl7si+MVeEh2+Kso1t9TPAux9kIlT"
    "LAldQAV7bRuzULXDAgc2BvV7funCqbNyOTV9oeFo7ETjtGnPmUn37qUCOtUGbUxvVZdFeh"
    "cf1nIbbDgG+r7Ich3maxIYYlm68ZUdkLd2gvFPkopYwwc4rKaVcfsgAYH9Lxiw8x+EIwqy"
    "9rToyQVY7RW7F0WZorB6H67UsNnyJ0bYMqaI+BuxgKa/CKuliSCUEanNdkrEMLl9mzZORb"
    "jrx4+CFVP/5kMC1N3UjVju+RaFsCPD7aln68gq0X13dnly1y02mdt7tt3wN2bnbiN/HSog"
    "5up9W8jKU50lwvgcVZkxwF1AWuRCZ9lkZRWz8Df+lzz+w2v7QuGsTRnug4OimyLFBZlqf0"
    "xUkZ4Stvjs1ihB+yFzkQZUGgkKnXAZRES7e0ch/1p9wzHmdV8RdDq0wpS86hhxvNpvy1Y6"
    "pq6G59ZVJsEFd/hC9j8daZs5dYNnvSx7yWpT3G5Pw+yCR+646wgYm8IwcaT3/lubweZoKl"
    "bfPukl1sgZaPXsEI5V27S21ZJLCTYOyCoEAjjuSpqQOjEJhKxLuSA/EvheEJY5RN68TVqX"
    "3I3fBhg9S5sfjAsnVm6+6MgGoBdxPzxeXT65bNHcHDJYQaJilt6r/dWeZwIZazyi0o1Lkn"
    "aYjypV+Op0s0iqsZzHH+PrvhcbIDDD33u9ozBmc2xS2m6+tmOGt+flOMfY2xS3N2ibUdUE"
    "U77fPbHZ7TbZ2fSJMO6fzWyhP6SDRSxqNqHYd3GyW1W9Zu3/lxDzFbmNb6U/AumRWQ5vlt"
    "+0urQQR1z2xfBVd0M7h207q6aF/90CAWNce+d+fucyqNPBuW7JFcEFuIpkDR3HUvZOXS7l"
    "6T9ydvv/vIbUXBe6M3se46y2hHQl5XaeqVsnuXQXTvUiX3Lia4iWaa/i6VVUsJkZRW66ud"
    "M1Ow2uXpvZ2P5JjnWiGGPk0Kwc/Qftv6oiUlBavsAkAuwiplE2GjfFUAr7ffdvZ8TNjft6"
    "llzPryJaJTqEtb47jWFabjhl+ogL85wf2X3NozEMphHQEp981Y1wwCJ1ltVueVDeC/hIRZ"
    "G3a2beRgPF5DpBEqVfk7ytZwwRMJvkbJimPsh70BD206FjWHnD4cF+yZ5dIEzS09Y2VqB+"
    "X1oapde3AMWrw3cRlq7OLYJBRncoDuucgkWE80x3lm9vjo6AhWl/k38tLRSBNbo/Ltvmc6"
    "1EVk3/mGPFJY7Bqg7zcGtmdyTwTYxDxE8I9EXsUhexkcZkwKuMryv43snK72IJUYMGi/v/"
    "kA8/BG2k4VJuYm+YynT/M5QXmndR7M3sq4V85I6dtZdZ2RVEaQqkk94FE0I0jMyJUlcEdP"
    "0sJlYnZ8O0A7S8bCsg2A1GCdqF17Qx5J2LAKSuoYcVr6xlkcCa+YSck9s5fdmJy4q8cGPB"
    "Wwge0Zm0aMdbCjDvRTpdFXgEWvnVgtbGkuv2rV6+uZ64XB6X88htXNQRhYC8Zagzzz6oTP"
    "lDjUFHUJnTpWAhPXES/m18gIxiH3n0twv8u3b2VqLJep0ZetjKElRFLqEB8Yue2bYPDWYe"
    "iety86ZGiw0SM5wEHrHIqqeJMg6To5sOmI6k80YTXOobviQ4BECFJqrfPXrZ1LHRSoEwaM"
    "k4V8uq2rCyy+jeLomZ3Weav9pQUXlvrbuXkTzgYuAyavK5UwfYFC8caWrDzuLm4aBOh65u"
    "05/OWO8K9LEIhrrCWLnOOHLGZLAfh+8wKR++O9gZgr6cPdhfnI83yJs4w2ZeZDGOHFSi1i"
    "R8AkX2+PyZND3qLfyrdv3wbpwThpwoaSc9/btiBU1LK/O5NMpezzu3SLF8qSpGd8iEi5cW"
    "dy4w7cUTd0OA45tu4ZiyUcuUOjq0xxga0XXJMfKAJmtQSAYul+fRVGQf2WfZRfRphiMHhL"
    "hppDyd8IUpH/eMylg4EI3BsMNKfP7uHnAby+pxmEmq6NEUtEn+LB61A4vJn0maJHCHsmmk"
    "u02K66jYf0uA0WIw3xJuJ3PFMucMfQaWrV9Aiu8WsNXwvb8lfiLMOXEaGHCvEoCvEIpJAV"
    "7gjalxnrWNO9Omfnz/m4zsraOYHi7Wu8tROzNF/QkT7VjBS3qOT0zGNBc+TT7iGjV+V0aZ"
    "23PzcvD06O636q+EX6loDr72MRAWIdjnN3pfl2TlRBy+3+WmrjBnqHefZIallaUBQIronz"
    "iCS+tubatIV8bMr3pWJeEGm+LxJeENvUZG5sdq+73DKdoMeE7q7UYizebmEof12H+RFVAj"
    "/hyHIeEsvWR1RoCJZN73U49oO+MdXc0QT0jRF7orZDDjT/JjeVxrWXfLvvmTZ98AzNJvTF"
    "QiARPR1BP7dFBgn0PB0M/mcw8LWeKRquHAvOBff6iPCuoZGZVcFRakyRagwXj8yuNieogG"
    "tnxHSaKUr0ZEWU6Ek8SvQRPmxd+1xAWyCnLQpHFjFLpGzkZ93ry7tbDBIdOvD+LkWr6WVT"
    "hIkGaS0xTLRz3rq6xTDRxXN2bkd90gxPViua0+xGLdpFnktfJ3r7ff37zCoRdG8Ky3//ns"
    "ryOE68MbML8tvDvK4ONQyy+AQCn/CRXM3r9zwzjEgbIcS4MNn5CdKSE8Vu2uGWRT0dyezP"
    "fusSF6KAdwelYoqht3gqsnW4ncLvAzgbPVDHPcwiyvy63XZ0omckQZzpbg1B+xILdWf2Re"
    "7glRQrd8aYQTUzBTReUEWYOmRsa5vL/IrkisePhnS8UCzQMcFkoAwwY4xKhf85aBBJKQMp"
    "30X2Ve3s+vpySSM+a0fDce4+n7Xg8BBZ81RWOpWVbi8WHJU/rYj8abtBqtJs7a/b2CVM69"
    "cm5dZq7qJv0ycdoR5Q6uZwEM8NQ+03U90EJU+YxjFHqB4cahIOPHl1mph/N+iPD1ne32Y5"
    "eM/0h68FU/rrycm7d9+dHL/78P3p++++O/3+eL7mxG+tWnzO2j/g+rO0lb6OPPnSiklgRU"
    "WQOUUFDb0n2cCnFdhTVCHbbfq3EgF7W0n/pizpXw9qVKqj9/7iNoW42n/WTX3qTcloguDJ"
    "mIw9WxTQxhPFUDcMtFnNTxZ1P62XQw4Gg8/nF9/eIIgxGDTIu+NvPyQoqfl3XykUpwgR70"
    "xJ/Wozfp5dXp//hAWbQnjUjkOu4CFJbuQrd4Y5zb6YEe66hL8zDh1KvsUftiZ+cKWujlHS"
    "ZhDsg+kB0DwP645YkiYaN/QnRGPn2fGWtyf+avKCFjR7IujdHbRg19LHWmJ2p/RMW8tUG+"
    "XbKmgincU9YZwGGQx+/aPH8Z4e0PTmWIL4JbRN/w58gfgLjpTiDzgIwR+xmbW1J/WgMd+b"
    "e7U//42BCMwmmLZt5puERCwBiIbH/c3gp+7MEZbRhGoWhiKIPJgHfJITzemZ4s1hwutmyL"
    "6EiUb8jMCyKPtWEpAF/JKDiCNUCiZ+HSYOw2k5QMWdUHd7xuiscHFkkJUNMuZgfQpsHAD5"
    "GUq3qdIQ1XL787wktt7dtS+S+Rq0j3AWLx8h1ToTfKcMXsE9EVMjHMjCGxP/zjJBrFWvsL"
    "FfvpNrHEtvOtdf2hetTmOe5q1nnt91b68/47XgELmOtq1qaRQx6nMOztvbNEsutae6Oc8B"
    "KOU31Op8bl81b9vXV7B+LfrpmdcdNCv6d5itP4SfsPPpAJrVKOWknA6thmmK00beS4rER0"
    "eIZWgYKuKn6zMMVAphO6xzqHvCnonuYiy7zTx4+Ji4LAVsyqG/bRcMwEf6VYvWmXdh+iIT"
    "acnn0cI0WlbPvLj+GSbVmD3DPPuxefmpjzcmmnHfx7v8imjCr2G7csy6wNrS31RiiR19Ja"
    "Lzo8P8KTg3YC1PvecJM+jcejWk9wyzcS475BQsfJeOJn15r5EIWXm9G2o3S0W3QMiw56Fr"
    "lOciOndvM/QZFwm7YIAPeU0iBP5YON1XfP3Nr9uCHVhGmmXRcX8NT4sI5Z6YAWod9uyICM"
    "0x0YbsCfPfzj2geTX6sUj83MAKVPCRiYW91+pjy4YG33DodxUTZrqtIUa4v+U9YMg6rn+I"
    "Jfx7CKxKnhNUbxkM3h+/I+FGZ+LjB4OkQ9VGfe0Yzw9bE2XW8ihdgYu5A4w3pC3pg4GgGw"
    "wwknow4FbXPrdPYvaoJTvstyErrPjkpHSPufRYNHbAphbixmse1kLkRWbS0KWVWdBkGwTo"
    "eibMDfhLe+mZzS8/NIj2FKuIWjuP2AhRA/Kju77hipFD4O4DFfoRbsX+e/BVHN2MUIQufZ"
    "i9LtKcnS+CB68r0DB9gRI1RrasRC/POw0CdBjO/KXV6bb6/IqNlleH9vmdm077utO+/QVR"
    "PJ1hda2e+XOr/cOPt+gyI9LT0jH0cH13ddHvXJ/hKOFHbdA+hjhabtuI97k64n/Qf/+m1f"
    "l03fncvDpv8af3LWrDAXyKzAQNoHMNR/6xzax1lLL8j2kgZCPhgLYysG1OU/KwtuVJ6mfU"
    "4DkA/anK4xgCm7nwl5rHOBCR23BMYMUeUT6FsYNxQpXRrT1mJ+Fxql6YqhdWBht+xXImqX"
    "phVZZ6wKNovbAyZKne+3JXFUxrvUcyWbuT/DNnd2AKdtrnt6t8skI4hTh9JRxu5UrvjW94"
    "R3u4mKaxfHlZmsBxEz5Q8Wk1n6J5Atfn1XJmwiryKtBucqjpWEEv1Kj5OlHfkuIT9lEeBv"
    "FkMMuZK7l/u5++EhEx8dXz8jWb1r3ctiPufBCmOOOGB+krDrlLUyNfp9xf54lChClws2QK"
    "yk13QzddXwjZGbsgKHO0Q+1tnZzUybujoyNM/MHnd/zQmNZIRXlGoSyLzn1YpPwNWlcX7a"
    "sfMBsnp++Z0cBPRKfgwgVcseGQ97Re6OcW/IBwGTT8yFYZ8GOJMAfsoyAl7GeMxtRdMqRY"
    "BneOAPt2fNgXGYxFP2hTeNHxFvjeCdrYxr1VOM3//EvXQNaitHszvnLBtvdN0ntS0MGzDK"
    "aNZZf2wUDQDQZ1MhjQse6Kv7hhCP0EImiL70vAi1cluZvk0F/BWwS3ofXRhhYX8Qp3oyWq"
    "cvga4WOlfY0+8RrSwpC4yLkWyiD7zcJ+qI8dXOeftbDlMT4G8uly15HEsEiMmGfKVJhdol"
    "G5O5OsvXFurjb2FryISs6e0tt6h3JhWEtUFWB7ZO84yeLeBK3Sd4+TmIuTsqqnc38/7atZ"
    "rOoqDbFKQ1ySvBIbpCFeTlKZgwGlQmzeLs5PLWOWVkxscbO+CuEPbNc2NpcpKcb7J+LdME"
    "arQZ55dWHSbd+QETxIOBTyvECB9X3MaELC5o16SjMqBF4NSK+sCju1KnARSGxxfnO1vyUo"
    "P9pGAfvaLqL1gz/lOFy7aH1q3l3eNoIwhJ75qdm+vP6Cruv3mm5gNRt0k7+5bJ7zol883r"
    "sc9gKTogYvNerDJGX2mfvEkTaf25hZlhvEcZHmRnKqOcwkluZgaBgCM8B3OL4noztr9rPt"
    "6Hz+bBmFd0GhlN1Myu6O3EqruDmUzEu0bCzOwYVz11n1MHKrg4FbN0FJp6TTfrzVymN/KB"
    "6sH5SKynjw/xmO2RRLq2AXb3gXwjnqG8zo4KfsxRE1drijLTrcinwIiabhTfpKLtESuJbl"
    "UZ9FHf43PPyrsitbDodUteHyz87kUsnMvyESdTLJkPY3WKI3xWXL5UWc+6kkPK5KdiZJqQ"
    "4XCGTlySNrfTgpV2K1y6v8vrtj8Aru7U1+3zLBDtvI71v5hG4XItOa5nIwbSnT2ljXDIOO"
    "/YxrdczlomPOso9kqs0I5dUvyWDwlyDNz/9JTAKVf/8FH5bxNfv+B8WGQLqbXoSsHH56a+"
    "UEuwkKXXMp/I9NH+gLyMTQTSwLT6eWOyN/8wt9CFkmJfhbq48de+LBYUa3PCMlB1i67KN0"
    "eyz8K5FuMfxFvBALs8fUDqrG8JLovRpaVECuonoMB+nxmgvSBULKS8IwXsIlNjy28pSe6e"
    "eK1O5d+D8uObgu+2AQxgwEK04ZxppKWFXOhFU8zDNg7kcYiv7fOnVgpOFOhVZFWx/zLJYY"
    "BSbGV6NnRoatP+5gBfyf+QgOOsb7OBL48D3AoTqF8UIci470e31EnvVMefG2kTkr+FqZBX"
    "CZan+XvzzO8ltZLTBT5qLqTVaxLFPtr1gi+YKFmw8HCfiE9BwKW4AxIwf4wTzQw8TFhRzQ"
    "l5HhjenhR/T+fy0N8Sbd7nh4+C8kP0JihPs7SEo7d7+6nNHzaeXX9AunfMYt18J8z35xvy"
    "BIK1ze7yMJJ4NeMW3z63/Luab9LCua43h2cJqL+L+uSk2ZRF5glsoAJJNRI/hCKdZS7qdp"
    "MMdpBK6ZosoG5oudYg5/d6IJYTnUMLhQw6KMyz/vzneSkBLPcUGhAwm0OUpWWttcresXah"
    "BlHfiOamhY6fMYNH+YeoY+1Tk2hHgRezYTosLX62LLtj9MbWr6FousfkkhktIKbGfG1JEl"
    "xUtLsTGRjeIlZFDrBUV5AesyGQfEe/UxRg72nv4qP+tVDE/ooHL8//A+A/s/vE/lPt6KHq"
    "EELiSxVIRJ1HoRXS+oiV+ZYJJdeRQNUZX6BJqHNqjSj+93SLoKlP6aAqVV+vGqST3g0Svp"
    "x6sZHr+1dKO5q2/+O0pKYZmqzJLYsUbX1yxLjrcxujIHCzZJl//8xOwHOq8jNWHskdieyf"
    "EeEfgHn8NHvaCuc8wH1+M3QEKEKlWSzPuhIumbBlWFutqzyZA5qmp5IUh2YY6u+Dmwtnz5"
    "OnJY8dfsIud8IIuCBsmrWQ7Sa4pevoIlLP/e15R2bFdZkjnwhlzdXV5mTAJjL0cURgAIuS"
    "TxCUGN5ZjQ5c4M06SwKExqCREa/p36qhANbdFGhWjs1wEzPUQDHfIkIe0QSRVDMU9PszjY"
    "nZ6me9jhvUh+lqQdMJ3DfvMKcncrRhp4okuTcqmmO0GFSIp3f9pNwFFujk4xPajIaMM//z"
    "/CebI1"
)
