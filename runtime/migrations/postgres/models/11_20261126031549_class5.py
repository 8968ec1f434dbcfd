from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "sip_users" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "username" VARCHAR(64) NOT NULL UNIQUE,
    "realm" VARCHAR(128) NOT NULL,
    "ha1_md5" VARCHAR(32) NOT NULL,
    "ha1_sha256" VARCHAR(64) NOT NULL,
    "extension" VARCHAR(10),
    "display_name" VARCHAR(128) NOT NULL,
    "channels" INT NOT NULL,
    "cps" INT NOT NULL,
    "ip_whitelist" JSONB NOT NULL,
    "enabled" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_sip_users_custome_bc028e" UNIQUE ("customer_id", "extension")
);
COMMENT ON COLUMN "sip_users"."username" IS 'The digest username; one per installation (every customer shares the SIP domain).';
COMMENT ON COLUMN "sip_users"."realm" IS 'The realm the hashes were made for (changing the realm needs new passwords).';
COMMENT ON COLUMN "sip_users"."ha1_md5" IS '``MD5(username:realm:password)`` and ``SHA-256(...)`` as lower-case hex.';
COMMENT ON COLUMN "sip_users"."extension" IS 'The short number other extensions of the customer dial (unique per customer).';
COMMENT ON COLUMN "sip_users"."cps" IS 'Calls per second allowed; 0 = no limit of its own.';
COMMENT ON COLUMN "sip_users"."ip_whitelist" IS 'Source addresses (IP or CIDR) allowed to use it; empty = any.';
        CREATE TABLE IF NOT EXISTS "audio_files" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "path" VARCHAR(255) NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    "size_bytes" INT NOT NULL,
    "customer_id" INT REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_audio_files_custome_0d09c4" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "audio_files"."path" IS 'Where the converted audio is, relative to the data directory.';
COMMENT ON TABLE "audio_files" IS 'An uploaded prompt, stored as 8 kHz mono WAV (``user/<name>`` in documents).';
        CREATE TABLE IF NOT EXISTS "call_queues" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "extension" VARCHAR(10),
    "music" VARCHAR(255) NOT NULL,
    "announce_every" INT NOT NULL,
    "max_wait" INT NOT NULL,
    "overflow" JSONB,
    "agents" JSONB NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_call_queues_custome_648c03" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "call_queues"."music" IS 'Hold music (an audio source); empty: the built-in music.';
COMMENT ON COLUMN "call_queues"."announce_every" IS 'Tell callers their position every so many seconds (0: never).';
COMMENT ON COLUMN "call_queues"."overflow" IS 'Where a caller goes after ``max_wait`` (none: hang up).';
COMMENT ON COLUMN "call_queues"."agents" IS 'Agents: destinations (usually extensions) offered the longest-waiting caller.';
        CREATE TABLE IF NOT EXISTS "conference_rooms" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "extension" VARCHAR(10),
    "pin" VARCHAR(16) NOT NULL,
    "moderator_pin" VARCHAR(16) NOT NULL,
    "max_members" INT NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_conference__custome_b7172a" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "conference_rooms"."max_members" IS '0: no limit.';
        CREATE TABLE IF NOT EXISTS "dids" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "number" VARCHAR(20) NOT NULL UNIQUE,
    "destination" JSONB NOT NULL,
    "alternatives" JSONB NOT NULL,
    "enabled" BOOL NOT NULL,
    "tags" JSONB NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "customer_id" INT REFERENCES "customers" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "dids"."number" IS 'E.164 digits without ``+``.';
COMMENT ON COLUMN "dids"."destination" IS '``{\"type\": DestinationType, \"target\": ...}``.';
COMMENT ON COLUMN "dids"."alternatives" IS 'Time-based alternatives tried first: ``[{\"when\": {condition attributes},';
COMMENT ON TABLE "dids" IS 'A number callers dial, and where its calls go.';
        CREATE TABLE IF NOT EXISTS "ivr_menus" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "prompt" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "timeout" INT NOT NULL,
    "tries" INT NOT NULL,
    "invalid_prompt" JSONB NOT NULL,
    "fallback" JSONB,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_ivr_menus_custome_fb9d7a" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "ivr_menus"."prompt" IS '``{\"say\": text}`` or ``{\"play\": source}``.';
COMMENT ON COLUMN "ivr_menus"."options" IS '``{\"1\": destination, \"2\": ...}``; a destination may be another menu.';
COMMENT ON COLUMN "ivr_menus"."fallback" IS 'Where a caller goes after the last try without a valid choice (none: hang up).';
COMMENT ON TABLE "ivr_menus" IS 'A no-code menu: a prompt, digit → destination, invalid and time-out handling; it';
        CREATE TABLE IF NOT EXISTS "ring_groups" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "extension" VARCHAR(10),
    "strategy" VARCHAR(16) NOT NULL,
    "members" JSONB NOT NULL,
    "next_member" INT NOT NULL,
    "fallback" JSONB,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_ring_groups_custome_b61a8a" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "ring_groups"."strategy" IS 'SIMULTANEOUS: simultaneous\nSEQUENTIAL: sequential\nROUND_ROBIN: round_robin';
COMMENT ON COLUMN "ring_groups"."members" IS '``[{\"destination\": {...}, \"ring_timeout\": 20, \"sort_index\": 0, \"weight\": 1}]``.';
COMMENT ON COLUMN "ring_groups"."next_member" IS 'Round robin: the member index that rings first next time.';
COMMENT ON COLUMN "ring_groups"."fallback" IS 'Where an unanswered call goes (none: hang up).';
        CREATE TABLE IF NOT EXISTS "voice_apps" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "document" TEXT NOT NULL,
    "script" VARCHAR(100) NOT NULL,
    "webhook_secret" VARCHAR(128) NOT NULL,
    "webhook_hosts" JSONB NOT NULL,
    "app_id" INT REFERENCES "apps" ("id") ON DELETE SET NULL,
    "customer_id" INT REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_voice_apps_custome_dde8f8" UNIQUE ("customer_id", "name")
);
COMMENT ON COLUMN "voice_apps"."kind" IS 'CONNEXML: connexml\nSCRIPT: script';
COMMENT ON COLUMN "voice_apps"."webhook_secret" IS 'Signs webhook requests (HMAC-SHA256), as Twilio''s auth token does; never shown again.';
COMMENT ON COLUMN "voice_apps"."webhook_hosts" IS 'Host names webhooks may reach (``*.example.com`` allowed); empty = none.';
COMMENT ON COLUMN "voice_apps"."app_id" IS 'For a voice script: the Trunkline app and the script''s name in it.';
COMMENT ON TABLE "voice_apps" IS 'A ConneXML app or a voice script, reached from DIDs.';
        CREATE TABLE IF NOT EXISTS "voicemail_boxes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "mailbox" VARCHAR(10) NOT NULL,
    "pin_hash" VARCHAR(255) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "email_template" VARCHAR(100) NOT NULL,
    "greeting" VARCHAR(255) NOT NULL,
    "max_messages" INT NOT NULL,
    "max_seconds" INT NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
    "sip_user_id" INT REFERENCES "sip_users" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_voicemail_b_custome_ec6a90" UNIQUE ("customer_id", "mailbox")
);
COMMENT ON COLUMN "voicemail_boxes"."mailbox" IS 'The box''s number (the extension''s, usually).';
COMMENT ON COLUMN "voicemail_boxes"."pin_hash" IS 'argon2 hash of the PIN that opens the inbox.';
COMMENT ON COLUMN "voicemail_boxes"."email_template" IS 'Name of the app template the notification uses (none: the built-in one).';
        CREATE TABLE IF NOT EXISTS "voicemail_messages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "caller" VARCHAR(64) NOT NULL,
    "caller_name" VARCHAR(128) NOT NULL,
    "path" VARCHAR(255) NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "box_id" INT NOT NULL REFERENCES "voicemail_boxes" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "voicemail_messages"."path" IS 'The recording, relative to the data directory.';
COMMENT ON COLUMN "voicemail_messages"."status" IS 'NEW: new\nSAVED: saved';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "ring_groups";
        DROP TABLE IF EXISTS "conference_rooms";
        DROP TABLE IF EXISTS "dids";
        DROP TABLE IF EXISTS "voice_apps";
        DROP TABLE IF EXISTS "call_queues";
        DROP TABLE IF EXISTS "ivr_menus";
        DROP TABLE IF EXISTS "audio_files";
        DROP TABLE IF EXISTS "sip_users";
        DROP TABLE IF EXISTS "voicemail_boxes";
        DROP TABLE IF EXISTS "voicemail_messages";"""


MODELS_STATE = (
    "eJztfet72kiy97/SD1/G3hd7EyfOzJJz9n2wTSZMfBvAmZ0z7AMC2kZj0a1VS9jMnPnfT1"
    "VL4iIkrMYghNJfEiN1taSqvtWvbn+WRnxALXFctc0vdFKqkD9LzBhR+CNyp0xKhm3PruMF"
    "1+hZsqlhm51HOpEXjZ5wHaPvwvV7wxIULg2o6Dum7ZqcYesqsTh7OLLMMR2Q6m2d9B06oM"
    "w1DeuY3DBrQgzS/Fw9Ojn9QPg9cYeUCAptXGIKIlwOrY/xSQPeh0eZ7GGTnXrM/I9HOy5/"
    "oNDGga5/+zdcNtmAPlMR/rQfO/cmtQYLDDMH2IG83nEntrxWZ+4n2RDft9fpc8sbsVlje+"
    "IOOZu2NpmLVx8oo47hUuzedTxkIfMsK+B2yFX/TWdN/FecoxnQe8OzUBBI7b/A7Fqp07m+"
    "aXWatVanU1oSUkgxx+LgUp8zFDC8qpBf/4CvcHTy9v3373949+H9D9BEvub0yvd/+Y+eMc"
    "YnlOy5bpX+kvcN1/BbSB7PmCr/X2Lr+dBw4vkato9wFl45ytmQj6tYG16Y8XY2prNg7sh4"
    "7liUPbhD+Pn2zZsVrPxabZx/rjYOoNUhPpLDJPRn53Vw68S/h/ye8dd26L35rMLhGcVmeL"
    "zb4bvI4Q9pGPwhmb8fouyFVbEzNMRQhcHzNAUcxh/ep2Dyh/eJTMZbi0yGZRyZ0THcZTZf"
    "wB3XHNF4Vi9SRpg9CEiPwz/2kfXwgQPc/oJ5tYL1rfpVrdmqXt3i40ZC/MeS/Ku2anjnRF"
    "6dRK4eROfCtBPyS731meBP8j831zXJXi7cB0c+cdau9T8lfCfDc3mH8aeOMZhbAsKrIdcW"
    "pG4Zwu14Yi25R2k3IPnglfMi+D0RdMiTlZKmz7YJ3a0h50VKLeU8S9mhY/641mxepNRSzr"
    "OUYdF1Okqa0hzFy+rSPmzJG9CYUAe9f4xVmJBdy9z9BAqu+cBAk5dMrsMbGawfpykFav9d"
    "0M2eMfevcPSEV2ez2TGepkr7/KCCb4cvpq5/Kq82z6sXtZLkcM/oPz4ZzqCzwGq8w0945M"
    "q07fKt0ckoesVgxoNkDn4FvvMUbLFLsRiM/RIAY6cDX5IZqYGPfAEfnhfH1ru7+kXCMunF"
    "chYvHyPV3qnmK7gnVcR3/jY2v0HJ71zUDXeLH+UI29i82u2arqXE2ylBdqhGqZQJc9+e/J"
    "AGOTr5IRk6wnuL/J1/syUut+hzwgIbISsAr1edf2v/ai0cfUOOHlxV/3W4cPy9vLn+MWw+"
    "J4Hzy5uzpYE9on9wpji2ZzQZsvyuda7I9VK9el0l+LoE35eYjDwNzf5QmkTgHPGdIMxwPc"
    "ewjiyDPXhwUCGoOgly0C5NqHCpMzAm7dIhgUWXW2O6bIvZyhMyXtzQkNQZU0cA19T0lRjK"
    "tfSWbJTQUguEYg5Cm1jw3sQGoYgy8VsKYrAB+Z33BHE89pEwkGoFm0/wt6QbOMa9e0wOrr"
    "lLjKUBsYVntNm9r9KQRzqphH0KYnPgLjFcpDAdHG7EsBAEnZTlE7Cjm8YVDK170AEE6U9g"
    "MIjjw7ghtpET3tx6zkfQt8qiMqNYa0mJjqBtnEZKVTKEExjBjyQ97iGLeTjTK8BmeLQA6Y"
    "K0iOkSULvGdG4hkGOAHHS7f+920RJruiLGtLvhJ7RZtyuZ0O0eykEB10hTfhToybAa3Xus"
    "j98n/DHDuDuEdyGgddFwENuW4cITRy+vTSen71IsTtAqcXWS9xbHkokKvGVR0E0dPlIZU8"
    "uUGxlbW1qd6uHbEnxbyXlQhkkTDfZyeSCWKVwQjtxUYICEczxcZKafG7NNbbbvjDeomRyD"
    "11lvEMwR53gc5EbnCQ2GvYkKuxepCnAi1xZdbdEtb9yi69mDNaW+SKmlnhepx5iE5Nsv2S"
    "+S4fbZ8DCEgPP+iDL/jLg4Ps4C4k9fGhSOZvFb2gxOr0772sPBkGTkWJhMoUb0alZ9nZ0Q"
    "isine9OiHYeOzQ1w6xP01Qi6Kiq/KBt3xobzSk7V2PirUSQD4wKPEMZ4HX9+4r2iMudx3I"
    "Fl1zHpK1n05WsNupkUlU2iP6QDz3otl5pBN8Vlk0QPX8sk7KSoLEITs6Cv5dGF30tRmWSO"
    "bO64ndev3HXZUYHXb3jT1y/eTWNMBz9DT4Vdv106Qoz4tYyCA3gr6KmonOp5rvvqo/eZ7K"
    "SoLJJGjNcx6Ba6KCp7xtzs007oBLc+j75iP4GzXS5wb/TbJAaR3xcYSn3LRMvx2KNlMupb"
    "OAPDhN8iNFeYjJjuktlDkc1b9nacw2Hi/R4XgZqVHpCdCECUIhKVSfbx+3vq0AEyDLnY94"
    "TLR9QhuJEbVgXNjejHEF4vExAKXDMsixwwPr1+GBOVuoUHxDhq/iYZg1INWpb+rX03d+i7"
    "qa1EWfnIaUNRMvf302SQxlCEi73SwjUj0CEkMZ5J4bahxtQIVY6d3PISmxPs0q8MzUl3QM"
    "3bmE0bmTObqvGBOXHjdgNMPZ/rar/GbFrGRqZrzsKeQitjvBYwZ4NcrQLMWz3TZKKxvZ5l"
    "iiGczQPKCihTxByNPNktEcywxZC75MDwj/I9jw0seohugBRIJtJH2XP6MW7QG+991ck/9O"
    "PSB/9dHvzXcMV7rQNeRut8qUlh+rpmPxzKZdLtvj0+OX7T7S4P/ZcaZ+xOxrgbE8yRHEIT"
    "ti+ADpZ17Iy/gsXAcCYznEk8u2c0EYb3JgF+npM5gHEM/st+J8gfJqzXExm2UoHdqNJ1PC"
    "Z1Rr+F6MbgQet0kF6gZyiOeYGCPM/q19XGr/ESDdvPa2dnv7Zq1WiOqHAbUwQ0onQFmE4Z"
    "QBozrqmDGlFaDWtoWGOPRKu1710riS9p3zvSD72B6freXnH64exueaV+iO06Fn9IpRwms3"
    "bDmTLOzIdvRe/6x8nJu3ffn7x59+GH0/fff3/6w5vpFF++tWqun9V/xOm+sFC/rJ2p76dZ"
    "7qKZyqPAm2jf5Y4vK4Wj6iJVnhXxdY+qG09t6rNM7bwyR6LNBct2GJ8/qilrFqmKOHa3oW"
    "YZ/fjEKiv5vGWgrkjZgXjvd9p3lRfiCJnmdGpOx63EL/I5di3ef2Bma0x2qB1jbXyRzSFZ"
    "4Rh9cnqaKrnF6YrkFqdRXvco5nZZZvNPzZvrBAR5ShE9q5t9l/yvTOSwf8eLFZxFVqzG7q"
    "MwfeSkjR1EsXvj3o2zpSezfUqgub4+14MENorr9yJV4daVLeRLiQH/ViRIsTVbE9mqEL2/"
    "TVRw6rITgwnOu/MkI4KhS4zOnVssNwyd9HWbmrNwDdeLibRB/taYN1oypCzwekad4eqKqv"
    "uYKq6xpep5q/61ViE+dZvVr8MrJguvNe+at7Xri9pFhQhP2BTewh9fO8fn+p7jUNZXC0GY"
    "o8kyi2nzIpv9L00mvuQ8fEtZ+HT0QTLfi2th0Gmqiib1kEebSVO1HIkYMfhuMVVVPnXp1d"
    "G7cNeF7fSVnApP/AUrXLLTTB4ZBTlXpxGuR6LPbTogwYdivl7MpoW+8jLnr+HOgmeDYFo/"
    "hva1Yc4L51vTxtpwr01x1TTtIo9F9KZB5f3VGYrQfYdj5rTcDMgNL2+GZXXgdb3XMuocOv"
    "oZ+ynqkIK7GCcPWmPH4Xz0WnZNe2twP9F1EXk2MAev3Q58VKmAM88cOx04N8VhFUoZncbO"
    "FfRS1BGEPXQeHO69NntKAzr6EfspKqcKm2ZmC2waGabV6fHn1256X8POzvhzkcZVFoYRef"
    "xcYRwJj6cvG0hm5+E0QbXT07x/NicWfzAx9JUIahsoPGID0/qmDfdQ3H79BTj4wz3uEPms"
    "uHDajfWr7TX5stfICa6CU08JCmexOTlNY6KFViscapZs3/fwYGW30gWiwlnCtxO6ZwjxxG"
    "H5HhpiqMLrJcICevFuxVXMFJ2ZbS9yyuDcogZLWJnn6aJRx0C4LW6HC0u2fktnNzeXCzD7"
    "WT0ayn13dVaD8S55D41MP+5r2UVdUCEL2yVmOkjcDGMos4tafJvrnVFbFItrW9IWxW9R6k"
    "kWxYUSo4aQ4agmW0PwS8QbkH0+wYY9FPXyDN9dhr3cTejtBvnvJiVc3picNtw/xznhFmop"
    "xYBY0VpLySDWcoWnNCCWwAoFBL0VZc1XzM8M//l52r4TRBo+yQEmZi+TMNd/OaDCEgmT4+"
    "Pjw7KsSusOaQyatdkHtFn9ogZkQxMk6kzKZGDe38vE4LCKYUXT46DCrSCPlNpBeWT+xKal"
    "k1MiY7+VHuGXHC3TELJ/64QHuUx4EEoqLQwRts8z+lDqdnFOdLuYUy6cF/4vOSu6XZgXS9"
    "MtLVHGProrQjcTp8iqyM1v90gQdSgL3OUWeZqc8W+OJNeDHxPI4c4AK70LH0MMIZ2gYO0n"
    "YsifsLy5v2eISrDEY8gZARl46EFYJrZDXXdyhIYS+JiEFHUbf8KOkxLC0XzIleJ2ZxQa+d"
    "Z5+L9FBEMnrNu5LqsT1u1rwroGvYdZNmzxRxqrvC7cL69SXh2/JWhk0DSl8noDqqQphEdR"
    "+ZPkRJIfE/lAEaqbEj5EBXJEDOhrZFqTj0DhCRAMelXYsJ/7lEunhM0/os1ARYc//OPG05"
    "BbNCAgB3hFNiJPcBwBdRY2M79IElZTskzsxBSk52CbxCpJ2sVjhy4ev7umyvkraF44947N"
    "5zXw54gKb2cUOrvSy/ydupRNc1KtE/W83Euu1cyb21qj2rppVKbec212ftds3VzV4FqIGr"
    "dZ89dmq3ZVIWIiXDqK7hKptJGNYyozVist5FEyfUCNQVb8LX8NLW+BsIBK3p4odalslfTZ"
    "NqG7NaS8SKnFnGsxe2I9jxOxyXmsXQ62Jl9fnVpHxIuUWsp5k7JCWoLtghxymKwAOebul1"
    "eDHP6AUwE5sLRyv0+FCJCBoA/ip4IkpiuI3I4mH8kjtV2CtXUsNF48cc8akKExpn4DOoiv"
    "27zJzl+BRmjFeaOK3YoglL069mQpiX1fL3O6K+btcFswQ1VOdskmOl9dmsL1Wb+0Sy7cX7"
    "lLSjeujuU3VTEFICjlj7rQ2WvmaRamUenDsmjxB4/6aHu7VIV78t3apRgvgQ3122Ztht+O"
    "W+skLJfqmwbCHmXeF0rkxyPkD+082+LGwG/m18r7GL4MXuxz26SizdxpsT24C90YhNEnfL"
    "cy9PDgBD3YtgWt/ZvUIQF78UPkY0FYBCWG72G6yWVYw0A5XYc1D9aG3SYA3aLvz2w6yUF5"
    "ILBMsGFNnTiJgG/EA2qCZ48ifcZYe3HL5+bGnOGarqU0NaYE2hEqjSPU/JstcTnZ/zBCVg"
    "BeZ+3jh2+kxPGgfX5ZXboIfCplihTpfcmWj1Xo4i/rMIRHIHJwZTiPA2j8988Gnn56huP7"
    "csbsCdt5xI6Hgi73nRmrdbnv4pX7Ftxz/DxXahb0Jbocl/iTopFqqit9yqaFs2XOoDJ5Gl"
    "KG9/p4SpZphNyhKaYqr1wtD2DdAL3xkU4qsZLfXPe+Luvzl4yMCelR4vs6DqArE7Ojwv1Q"
    "dYU+JiL+/L5hdwBdGF4Xhs+P5qThyy3Al0k55F7OHaeSMo7NsrQFwBtG6Em34QNYzu7vw8"
    "syt+C0ccyW+7qutNdwvnA8HEOqWN48jTaDvggIZZx7L2euIDr5XmGORw5PAjZfds8OaTPk"
    "NJ5WOPP98FUUl+rFVf26QozByGRtdlH7WrtEb+0KKARjauF2hkWpbm9vGi0sSWVjrtQ2a9"
    "SqFzfXl79WyMJzd++srTMm6oyJOmNiAqCiMybqjIlaI451XtcZEwsm9RjvPZ0x8Rtz1FTA"
    "vOazJJidRzp5daE98wud7OF0T0qUsNUKEzU2/mrE4oLBnfIqZJCycWdsKICDaEkBItPhsg"
    "4iAWJTuh0edLu2w9FR/xjud7tou/aJRTw2uF5P6Kb4yTIeRBnTIcGdc84YfT5vVsjfgMql"
    "fRguf4POLA9dCR1KGPpVBfZ04wHEEhjQ3SGdyAaCuh/bDKjNMYy1v2GyBIG6WX8YPpaglu"
    "ZbgWS6JZnvIEhdJg4/kr9ZvP+Ij5WkfYNhyx5ts/7QYCA1bB8aifz4BI/5JEAbDMOAWLp8"
    "+banI1z5SHBb+CX3DPh832My/DAO/zw5cORNzBr4W5i9BKamdobcKYj6SJWMc0HzAurTW4"
    "Gd5KRf5m+yt8mUoACwXtbuJtPFVhG8WKDLELyYXtlb9CLYoJT5PaXS3Fbgtr8/KzJ7RqR5"
    "rcBrU0zfXI3fi4Sa5wo812Bd8lFlP2EbDdZ9i1JPA9aFslNzDVykKsAROQMVRKdhfb0CvQ"
    "Q96jSspRXoYnkv0rD+xHulGIwSL5dXRlpLVnV+573U5UJAWpgMtY/RMRgEHaB45N5jfWxV"
    "JjZacWWos8BQYiI8Z2yOZegxlugwHDeu5u3G+k1T2UMWI8HGjieNJLquRz7reoTCV9lY52"
    "ky3FZHwLqMttY3b9JsrW/eJG+teC8SVQgiWOYyVjz4ijBeQmhhQBQ9r5p9l/yvDNMolGkR"
    "ubEa6YuCepHDJnYQRfqmS9E67nxT4gwH+pNhhik8VNz5fqnWW/XrHyskoEeXvsvqr7ULdO"
    "izjAkdtFn1vFX/WqsQ3/+qzc5vrm4vay1s0+cjW5p42uxTtX6Jl+4N0/LhoN279xkuWqxc"
    "0RkZgxhpJh9Qo3TZnVPfKAqwGrwqkVutvwvfGw45MEjfMswRiMgDbqPhkDN4FB1j6Jcfgv"
    "DEnUfqkIFJY82Vm+x5y15YOI5CoSnIOUqm3duijMWDML+/V96D5uj2YBsqdbt/tkv4hm34"
    "1YZPhb7bJXjNNmZXg+HNXNOw2kDZLsl1sTMS2BTY/le3i6ZufCg5cKjrTIjhwozo05g5tc"
    "Xn7HjDDI7sS+PkhaRm3ga9oVJMxA2c1Uu/YPAsLnKgn8loWLk+oqfEk6yGGOykeFt8JOgu"
    "4cjrwX4qXR5ihsbmui2YV1bEAIvdxazxL6xH84R7sCDl9lwMt2ItVi+wf0ammb8+86njxJ"
    "WRe4H3UyrN+vVZ7xu5FY0JC0TalpDGlhCwTDoMqh4morTawTrPW7m2xSfPs/20ympb/Lco"
    "9TS2+HuTrZs5JkKq1/T8iHl5dmtPgM2ib4EhWC0N2jyN5qr2r8jCv2J50G6Apc1pRwXl6s"
    "JUzZPjypevNeY6k1KM80p4q7zKgeVx3KHQyqQKZQIe6WSWvv87gb+PZKxKkHv/oP/85evh"
    "x7CuDQkeEASPjU1hwsPjKwVsruutRpppB5asHFh0SFqA4Zy+PUmB4UCrRAxH3tu/kLQdHe"
    "i3EZT2CN8ZP5pf9lQJaTMEJwPuqTG/1Gw1pJuKT91mN2c/1c5bFcJ7v9O+G1310wz9NOBl"
    "MnS5BFzmqHzXywqurt61Zs1SjV59g+iVRjW0/r3dxXFP4xsaHivFqIh4uZwivsHx0hZb9c"
    "u9jXnfT00fF4gARwHP7fMRUPdh+sO/hu16qM0hc7lF8b7txQQ5bLrzDSdx1lphVlph1ut8"
    "Jue00jU6DKKjGE43HKfCHGBNnYlMRnTQ7cJD2KNlwiwIRj38Jp/ql7VuXE2R13eXDWaumv"
    "E4QlYITTSDABUdCpQVpzGoxItxfEwfkuJlXHBsjcXq5gtstY+YLxrVewwncejvMnNOm9Ua"
    "jZtGhUh3tjbDc/3NXQvWSNCXYBlqs6va1U3j1woZ0RF3Jm12Xr0+r13KmJQ+8sTKTVgKPP"
    "3hgcZ48qWT5Rx5roX5udW6rZCh69ptVr2tV2CHMNvsp5uzCjoxg4AaN9cgG4czEDjIUgI8"
    "DshSIjxfb+rntYpfJgPaXgJ93wL62+qPcBlT0uVKmB2HxkRJrKhruUiWX+/A0i+Yg+9eGk"
    "ZMF4QoHdTNQVkek4d04GGBY/kTZUePj+N829fpIuNKFBjjnDQpExzRphS5Fh9fYD3WJymj"
    "LQymJFrCMNRETIRLR+1SnOQUqXdQeIEC90S8l0Sy7Bap8iu/NY8gm58eQRTgGtjnIuXeBP"
    "p8kwj3wHMkDNIZxRw1P1ncSCpnu0gXEfI9Em5rRr05VoyZ3YRgL27uzi5r5LZRO68360HA"
    "wVSS8iZemiUja9Sql9ENx/ZU2Twj0RxOwWFfFejY1HhUgHUiVLmN/d6ZW6LFH9Qj8EKiV0"
    "Uhrbfl/leIOJCeZ1qgXohjfN4/VY9S3e5vf7aBc2MahOiOqBCgiPg/DLdd+uvf3e7SGSo9"
    "mQ7uyw94poP7thNlvzD44WjYf2yX/j/+3ecDGvzpUENwBj/mgt4Tgulf1d2uk8zsxL07Z/"
    "Nsy9bl7L2Rc8bf1zsjwxuQ67vLy12ZmZsBRFSKsTVP75VTGJxDrCml1bnhsWVTMOF4EUFL"
    "dBd2/BJpZVnWECtzGBKPJn9wFuOLvIkOdYngfFW30AawrAxgOEWU0Fknaw5nZ8rdBo6K6w"
    "wuM0pWjDmaDEfyXet8X2FUndFxV/oVQz6oFreYo9JFZ9MXWmD0Wfr3rWEtiJDuiz88rkkf"
    "/exsT0PTomRgCjl0lo+BK1sW2LYgK2CuNygipDoLQO7lvMpdaYWMd+GnlFW+pI27nugUOs"
    "ms389wFJ1C51uUug5C0qlV9perOrRrq6FdOrVKoVKrBJyPNWWEMnnJkJHOfpHM01VZTORL"
    "6YLZuzQpeF4cW+/u6hcJxzovlrN4+Rip1pnmO2XwCu5JJemdfw6bP2HJ74xgUIoRYDr0S8"
    "0eIxkUy98UISwBbYZKfrC+qUB61dtbDFqx26x53qjftiqB7bbNLhr1r7VGhQwcc0ydxWCV"
    "KN63I2yAx1W8Sc7BE7YvAOySdQKe+ddU4HiETDNemfFJDtSJJ5BE9+ltVvp582Zf/HoDx+"
    "dRT4GlCzTZcfXD+z3h6ZNhWWqDdI4i21G6L8NUenl2HlVG6TxJdkw9fXuyJyz1XbjVeLpA"
    "k+VIPdmXuW/xBzWWzgj0SrrETaPfj638lE7jmFFnqnOYQe5QNbWj/qX2qwyXB+o2u707u6"
    "yfV4jt9SyzD8pIrYkBUaCN+M6i+VA4kHkdyxyZbsemTmdkMi+ugmrycpJEn+FU2JstMMiS"
    "0LEdkzumm5DN9uVZEddPhvMj9HxRnSEX9Wb1TGb2CHtos0/1RhM09HvTEaCgX1bxB7oU5G"
    "N2jLFKepx+mDgf5ihyW5a01BpSYOioRx3Mm4bVC7EwoXBJpQ+8F5WuD2p/9b+l+5H0vJFN"
    "B6Q3wXKxzoT0hwZ7oEjc7SIE0e0u+0tt6yFbnqPaOyN5tu2nnV57Z3yLUk/jnRHKTq0+4C"
    "JVAQDADKIUtB/M63cp7bGxVY+NZMeCGZ+xivMyo88Cqk9fGtQyEiwDAY9/4r0C8XhRuwkS"
    "A6/PnCAF8V76gK/mzUIM6/oMmo+bLeIQCrSnV3NpTrEoEqu27+EUMi3R0WmOqy8Gbs9L8+"
    "W4bdQXUc1DhY9jHmJjDNpg0MfHUCeUOhZmg5BNZyriNEAbTn+CxMZxb+MBsT5ZM3+/EA3Q"
    "nlm79MzaExQn9xzeJzeVHQV9bcNfAjTYYVyOoWQNdUahtdM02mmQjUiFxXMkhePxyelpCh"
    "5Dq0Qey3saVy02wpYGV9XxOpvafnOVLCtvDN77+BJYAQ1BYwNMwlvlVRrXwG+kQ0wKrcjo"
    "EJNk7ukQk7UyJb1LkynpXXKmpHdLmZK0W/1u1ER0v+p7wuWjuHIYK9MlRUkzzJk0vaLgvt"
    "LgT4L0qMXZA3E5Cd9cVKSXidwTydAQxEDHkeAm7PndLvE/GSthDIjNHdewZGkMsYQVbv4R"
    "bXbgDh3uPQxlFRwhGwSBoYdEUCovPDkmoo+gC+CDTGf65O8EceCdFJMNbTA3FOa4pDGHzH"
    "QeazPqDGe2zzvF+V06v2u2bq4qAefb7Evt187X6uVdrYKVUzqy6nmbXdaqF9hFhcC0GnSC"
    "j9u9x5rP8oQ870ng3JRk77O8Ixv8pNL4Df5f4Sv6v4IO/R/+q/p/B2/pp3XHHK7+LOfOgD"
    "pxWay3/bgdJ94LURc135hFqgLs4hmgjxoZS+Z+cZEx7XFYNKmn8TjUfnAbNkTOzt4KTI1Q"
    "5bgeQ6k61QCORJ+jf3wA9RFTkLEpTDw0gIbiYq3GsKk8ToCe4usfS4cX7aKYU3haJalUsq"
    "qvzNTzua6KO+o31umawo0sOsq1Ouaw9RG+Tef1zqh12VHBXFK3aaaZMSzGULPAzRdNNZ2I"
    "FF92kKuChmw9Ep+OOB5jwJ9wfOL3PTjcY4MKMV1BPNvixqBM4EkYKijKxHY4HmR84Mmh2E"
    "ncHNnKM3T5E21IyhWDN2NIWpUt+2VMdCdJs/05qx67e3d7eQNnkIsKCXtos5/vand4BR7v"
    "4e/G3fW1Xw3eXzfarHl3fl6rSTLh9fuUSrpP1bqMAr43TBkDfF69Pq9dykt95JQVxhbvHE"
    "29584oTkFfUSRoSpEl0C3G2eBfadCvZOxrCfm6B/mrGmPnaQqHL27F8643camAvRfOrzHH"
    "RfMhcTeNEOa2om7pDF80jDKHUzYWvg8PJ3gSGfInAme6SdBkJNsFZxy04iHetHwW2liv8Z"
    "v7P05O3r37/uTNuw8/nL7//vvTH95Md/nlW6u2+7P6j7jjLwyIZaTEFya+0zqDIKTL7RhQ"
    "PVplzH3xaNqdnjHooBE3RgCrrPNLtPk2z2/iDLZBu/UQRq6yQ8SMaD1e5zNEccucHoHOi2"
    "+xxOpk0/McST5Mz/hYZdNzk3tOnxL50eTAHzsEuVLGOLK3Rz3Q9wcEz7VhQhTYHVz67B6S"
    "o39OHUaCCseIQOGMX96PtveYXRcwh3VtjZ1pgUxvTOttTJKJ/qGFrsP/eVItgzVlIIEylX"
    "VzRrEHtSVl4G2IKMoXJweVEXWHlS481png4otOLyAHJu7hDx9Ibfjwocs7vwvOuoeEM7n6"
    "MVMM4+rzbe0pO14dE4PTkp1pixWclrUjrfZ80p5POz+y76kPTKqYQNdw1pP6IqUuJ5ofR6"
    "dlKYdb6BpijpBqOedZztqjbROm2sVK89I9QIWni0Sar9odLWt3tMEsSvmVPJ2Ldy4oXxdn"
    "a57C0JuYEutnVJdLcRnAZnfLK9N/YbsOat0mTe3bhM8aEKmqy3RbDEt4VUjz50uJYSJuaa"
    "CXnmdYRNi0T/gYvfNcEXrxiTJ5Mt0hCcUaEdkWHtFmtuFAny60kmFh4pjUnuE7rYlMMCYz"
    "V8Ne3e2SA8bZER3Z7uRQ2g7hOjwAA38Euk8l5xLTwffaZyonDNbB9/tQ31HH3+8INkQCBY"
    "YHzQsxrDNnNeydKuaSsP0+GEuq4QnEP6fIc8hBBU5ZETuGPD8cEhMEQY0BnjXCc0ycV/dG"
    "+tyxIWRsOEpx7WH7PfYsuPAbBqfL0Bet260gT+D0OD1/CnLQlh/cLh0uy3/9bnQQeh62Mm"
    "2K0aYYHYSupZ5C6jGYvQ5C19ByxprAFouxbBP+BJ636MjGOnWlGPxz/nZ5FQCKX+cGLdMC"
    "oIzQo5FhAk+bV02EIj+3rvDs7fcywyvJwWeDDSzag1PakXAnGLOMPp4xp/6NdKlRyZ2vNW"
    "WNSmpUcr9RSeH1fqd9pUjKOZLCqXCnqXh8uoLHp8s8HrojJQQybF8A7mYOQI5ikKgVWO8o"
    "6zDvwjDagMNKzMq8AuudUuwx7teUH0HGhmPi+whyD6c3mYbGoWOTPsUEB6Wh0GheHuaQRv"
    "M0rqPRPC31FFLXaJ5G8zSatyaad+a5bnwp0+BOeRWG15NtUrsv+l3Cf9KSTnzqCuE2ZVgl"
    "AFP+o+Pf3+FUhnWS4ZJfbAlGEtwJj42BfyGc25bRvI0/os0EiKoPo1GWFiAHeMNkpNsdma"
    "zj3+t2j4/hNxxYwt+H8CCBgeYGFkfQ2d00Jpg/Bm8GE4RvozGASrKmMiUoICr44X0KLeXD"
    "++RCQe+jOorZj/NQTOZu2L5wGuDmWQtM455SxdgZRYbstR1zZPjBBCrgSECGeUeBrwP/T8"
    "wuKNA/33Aw9WCZDLBwt1MmJrvny3DJmn1knH7Q5dxyzZjzZ7Ig50gKN1FOUqHmJytQ85Nl"
    "1NwAzTCewS9n8Axp87zel85vO9fVrxXStzvMGLcZ/L6t/liTF/DMKK9Ub287jZtf5EU8zc"
    "OBsM1ubxqt6qVP7ee/9nsIrvu9BDfsIN/E7nN2iiGoz2pbyxxJficNKp0+oisP+jD0gmpk"
    "8vfTkAvMXs6tnuEQ/CDh52yWWsLyAvjazjLe0WzF8tx27tOfyHw1ktuowIE+Bapd3zL7j+"
    "SgN5Ghaoew8aCLxiQ+140CbcbCSqpHvGICTilyLjD/wozNMpgPIwTps58Ha6pnow4+lctq"
    "SW6i0+xN+uE7qch5nia/ks6T48QMilEAShaJCpOWbWM5FmZ4lgpTF4hyXDNoZ2wVWM9CFj"
    "BUYOsikR6rSxWutNE8ZqnVRnNtPq1oo7mWujaaa6N5vli730bzW0OOjCWT+W0AqCQbzGVV"
    "e9nkJXN5Mit1sMnOZ3VZG5Z1sMkem5Vd041zGF9hMQsJCqclbcVeBi/hjShTSlc/T5O9V/"
    "4aNrMpvh6+OTmo9C1DiEoXL4f5UsK7cne8CH50sewG8iImJHOD/e7Yl9+QtvL4eZbCcDql"
    "znDScRv75H5SGJXRcHt3dlk/rxDb61lmv81ubmuNauum0ZTOd36foVU0NIhGRb8bW6jDLa"
    "qUM2dKkI/gGXyecvDML+jf2O1ORdOFmSPHm2/hlJ9IDMviT3RADmRSxgqhY5kVMqCRjWLm"
    "72a71uE4+dszNbKoMaaFdhpZ1FLXyKJGFnPA2v1GFpumfSckprecWDy4VV6ZVdy0Ox602g"
    "rG2PeEy0f+K9BnlzKB3Wi0UaONe4824pxRRRznaTZzxN8GIyWcMjAfqHBJ+MYfZeZ9G/P2"
    "4y4ALyQ1ygNfCQunORHw6dR3am3Wb8mAj4DrCYDNxp+QMSIKZy1rpCL9KUGeAWcpGvmmks"
    "dDQwyB3U/UoWRkDKjMf3HQHxrsAUTpa+eyMaN0IODfJxnH+MSdgUiQ+yY7z17nHBpvO6PB"
    "qYrc50hyLflu9+ri9CCcjxXJ+krI8EPEZGSFjebn6tHJ6YeD4+NjeVEQxGWco74hQKT0eV"
    "nqm+x4pcTfnaQQ+LuTRHnjrWVxw5IDr6Uq8RlVnoWeG/vS7HSowOcForXYnGGpXjHE4rlB"
    "CXGOZ2Qyff9p8vDpPjcwDYsc+O8ld8XwTsKqutHeX/DHTuWOvcIbe8n2ZQrbMiYd1eNUlE"
    "6jpqlQU9hfWaAFplSt5kmyQ1NOcq1gzTHUVuKlnTEbFT2yS+dw9hZyUfCDeEPDy0fyhvw3"
    "YZxY5sh0cUnBWBr+FBMFt14XWxaTaXeehqZLQ2NbWttdlG6PTXhN7jl9SozBAHQoAUfvA1"
    "Ch4Mx9Xr9oHE4NbC5HpQxE85FIUxuILDbG6tW97dhQRxkKJQYLOePcogZLOHPMqCIjoQdk"
    "2xoCoVqfLRxydnNzucD2s3o0ueTd1VkNtiApA2hk+phocryFttUVxWqjbXXfotTT2OpCZU"
    "LNYBeh0la7l6128+aVV5ruzue62jMmp7XfRQaYqhFvrmIaN/sUK0B0evw5zhHsLOjg05cG"
    "9XHsZMZ/DTs748+5ASxezfu/tmnyrHoDk38yJT+Wq4lMb5ZX1hLBZvBAS6GSiGdb3BjAmd"
    "Z2OBxlywTGk4Mp+wT5gTx+/oOMOOg2v1S/koNuF+HOv/8Xvtw/sR4xm/qmxuHim+78RWOs"
    "jvrQdthdM1hHfexDpgztzqrdWXc/zvdTWdIq8rco9TQqsm3AOqKwnobt87xrlX4ZoieHND"
    "RyNqYyxZY8ZxNTlIkjVaExJsCTbfBgRAamQ/tw0I2Bl1/d2+ogvtPTNEF8p6fJQXx4L5Kp"
    "R1o7YhTCT3C2T0rUM6OJCPceibZmFTreVqaeFWy9uLk7u6yR20btvN6sB5D+dFrKm4s4cq"
    "NWvYzy2PyDwrHCjdO7k7MhLRDl1va2OxPmzhC7nOEZhQTscsbjjPC6bSJQaOD+2aNeLAI1"
    "u1lehUD1oVnnP9hu6673Gu3RaM+uGazRHo32aLRHoz3F1fs12vMtSj0N2lNo5/a1t69Nu5"
    "GPPGH2VTg8JcjvjlX6zK0BkS9KDgwWAGBCel4eBh6VlaCIhGm5RybzGy/Daa/pKHskzWCM"
    "e6D/dmT4n4I+skyYHdrzTtXVukUti6AeSB0Z0mg6BFYeU3r6+nGPghNQQieBH7UgB29gdu"
    "GtuDCQ1/aWQXr4J8NUTQ4fkmQnxw9v9gW34yC7ews2nSWWJvuzz9O8ypc9o9gp3w5gBCOb"
    "PHDMBXXvwp9+BU0cH90uOWCc0QrB4FHi2XFJptbvZ9dJ4R7Qs0dFxjOKPY5WqMqPqBC4DJ"
    "1INzpYsjzhgQAnc9Fth4Tf31P0lcLtC8unAsERihOjiH1xx7hcbbr3Xacd0063Rcbw88bk"
    "IoD4nOHEBgk1OB+V4pD8xRbllXD+tG3HgcYa09895KwxfY3p530d1Zi+xvQ1pp9bdFdj+t"
    "+i1DWmnxdM3zaV+Bs0L95utfEU9qjByMTpHUUWLxFqZr/MbOh+RDE1k4rTaoQqt16rJbQi"
    "BDldlnG26M3CerLmbu/VMJiGwVLAYBfmIlQ0d7m8CvAamIO0odNhXrrQOInp58oy6+OTNM"
    "pgFqi+zBn1wGOQemXyGPBMA2UaKNt7oExOAyWobEqR43TTteO3H95jOmicx08mvKfnkm73"
    "/3W7y2vBC21fqNuWxk9lVdW2pcSVM9uhinU2QrYXpdu63T/bJXzFNvy6mH1ACy6VCdwyHF"
    "hs8ebx8fFfcaJbq4ddW94tF5MWY6Chmv09QrfHVviWOaJHPUNg9OXcV8HMN+HSvekItwIz"
    "8DcQLuzGDOX3J3oX+X5Hhgvtep5LxV/lpRGxua7bcHNuVsmWOIr++jd6dKDh/pwzRv91dY"
    "l/+B18Bw+CF5jrRx4p8NofnOWjlphOUfgS2zeYotA1HpQmedh+fyf3JgSga+hpk1XMJNDG"
    "C22y0lLPl8lKR/kXGRrNGY83gYzCO5Dru8vLXUGj9bFzRZlXioFHw1vlVRCpOXY6I2iVHi"
    "flR33ohiBRhRjTXJAS8CBt7+TtP07mPZbLxGRjwzIHU9XlCAGRIfyyQDgfiR86EYVTN/+U"
    "NutDH5hNExPyTJUt1LwwVyXpGwxrOQ10dsocLWFlDdlq30bt26gVRa0ofosqg1YUv0Wpp1"
    "EU/QOhChY6o8gHGoqPVTZ1SAuVMCZoPnDps/tXt4v1jORlLDSH1/2I+WQDlxL5jlFWLr9c"
    "CfOeI9l3Qb9FeSxoOe3Sycz8+BEUo7m7ZGRMSI+CBuQXV0TdKWEIbKjjHQ8OXJVBy1NQre"
    "YosnOgO821fjXHTsdUylg6bZ9h+oo9YWUARnTUd6llyv1dxHJru4NPthB+UxHMPM1+56SQ"
    "SQIM4cKbTKYOSgbx4bP+EIv9vCZVxbrd79qeq72yi2x6yBuTC+CV3YDv+9Hhnl2KMT7Mbp"
    "ZXmR+QR50HbKezEeweUNaIvUbs875wasReI/Yasc8tdqsR+29R6mkQe52NIG772nQ2AnyW"
    "Sx8Sdq4a80ZLutUCw+fpM9zDhDmCvwxGue+JpIJ0NOtXd5et6nXt5q5ZIfM9tVmz9vNd7b"
    "pVr17CHQovxFzTsNqscXN3fdFp3JzVrysE1A826Di852cLyEEwflIgfjI8lRyFv0fO/iU/"
    "kiYuTAYtFFJZDCB8vHHyBq8K7rgd+XZ4TV56oubDUDZ5i+E1cUaQrT1nxzAWgxUzSMmgoM"
    "BGqPKbx6GBU5XIqeqnAvdfmshnwAXDJSg94YdmEfwu6Q24PARe1dOWzQffED7NiMcMJp5k"
    "+loEk30oOS3+rECu8eW8HIE0vqzx5RT48lc0FVXtWHh5eq+8Cl0eY6sO3E/t3T51Cwci9I"
    "wxiOyD+M2wpqvRH2Lkr8NH5KJ+IeJygazXiQaw87G0lDWArQFsDWBrAFsD2N8ilKkB7G9R"
    "6mkA7Edg6bqwakib4arax1Po88hSxeDOb66va3B6rZCwhzZrnjfqt61KcILNB0gKb+CNKI"
    "uZgi36nHDOnacpwAa3anLV/tVajWFM59blzfWPYfMosBExLkzFn/ZMMaMoALszOLk90d6Q"
    "88eOoHA+UOL0MmWeT8ulpvnABAleGjRieJhwBTn4fFU9P2p+rp6cfjgsE0OQ1pNpmfw7QW"
    "BpHhKXP1JGBpyKj35ZQCKG/IkR4wGktKyLb+0p2Z80Q/kOYVNTsgwtEe6xfegzRygeODIV"
    "qpDBKRJRIQfd7t+O6bMxsi163OejbpcYlsWf6CAsH0r+myAyHFd6dHMd7zohoG2rYcwzgh"
    "wnTkHwNgKk+WabluOxR8tkVKJtMvvDMGwB8xm5QkxGYvJ+ZxMKojPaFBn2zxmPN4r6RxaV"
    "DTA2AOxzwdMtLCgb6nJNmc6W8VwlKJKWmpFhWmf8uZRkyQnvl1+05mDLTo8/063HC+CT4E"
    "Ha4qItLtrikkcdMk96u7a4aIvL7sf5fmLv2uLyLUo9jcUlPIIpLKlzJHneu0otUADgPfH0"
    "71cOkiUApuEO34ky8YRnWNYkxvlRlTj7ioidoSGGKnKbp8m14AzngbMTgu9K+L1U5G7r17"
    "7DMLdBAPKSyUA+y4JTJV5dLOb0NIXkoFVyuRi8FynngBNIRXBTgsIdX05O36fi7/sV/H0f"
    "y9+OS0e2BVxRZvQCZX45XrpGSCMY4Yh5hK8tLzDumvdm388t5YmZvzbelAaCI5ORaYGThR"
    "m0yY6zVxNgb4RjBnyJgtznafIr8bXn2BbWML8qqRDGg1I+qyhZds72MFK2xe0NWzOQR4Ji"
    "hSNVzs5RZcjYk31hrA4P2RZnhWl3MMG7GmcjVNoAl1MDXN5G79YscOGA3AB7m6Z9J4ps3o"
    "xMXmV72HwkdtIx4iyg/PSlQa2kQplRG9eV312BxvVfmdgOQ76tsh/O8TaNDXFesps1I2p7"
    "4Q7thX4+SiUjzJSicNrVhzQAxodk/OLDEnzhM6ujak6MkBWO0VuxdNmGqwahBu1zDZ8idO"
    "2AKugMgLsYCmvJirpYkglBGpzXZGBCC5c7k3jkW408e/ghUT/+ZHEjSd1I1I7vkWhbAnxz"
    "vC39eAVbL27uzi5r5LZRO68364EH7NTsJG/ipVkd3EatermU5shwvRgWp01yFFJnuBIx+q"
    "SMotZ+Af7SpzZrVr/WLipEGGM6iE6KNAtUmuUpeXHSRvjCm2PTGOF7/FkNRJkRaGTqZQAl"
    "1tKtrNxH/Sn3jMdpVfzZ0MpTypIqdcz+sBSjpgZ3yquUU2PWRiuk+zSpyysU0jF1VJNezp"
    "Hk+SyfJ5NfbHxCMoeD5gXk7na8WzlzYyOtk6MO50iyjzfcjTv2xqL5ls4IWW5mf/0fH5Uk"
    "Dw=="
)
