from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "env_vars" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(128) NOT NULL,
    "value" TEXT NOT NULL,
    "protected" BOOL NOT NULL,
    "private" BOOL NOT NULL,
    "locked" BOOL NOT NULL,
    "is_default" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "updated_by" VARCHAR(128) NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_env_vars_app_id_bc9bb1" UNIQUE ("app_id", "key")
);
COMMENT ON TABLE "env_vars" IS 'An app environment variable (``process.env`` in scripts).';
        CREATE TABLE IF NOT EXISTS "kv_entries" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(512) NOT NULL,
    "value" TEXT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_kv_entries_app_id_0797fb" UNIQUE ("app_id", "key")
);
CREATE INDEX IF NOT EXISTS "idx_kv_entries_expires_2aa5c5" ON "kv_entries" ("expires_at");
COMMENT ON COLUMN "kv_entries"."kind" IS 'STRING: string\nOBJECT: object';
COMMENT ON TABLE "kv_entries" IS 'One key of an app''s key-value store (cxKV); expired entries are invisible.';
        CREATE TABLE IF NOT EXISTS "scripts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "cpu_ms" INT NOT NULL,
    "memory_mb" INT NOT NULL,
    "wall_ms" INT NOT NULL,
    "access" VARCHAR(16) NOT NULL,
    "rate_limit_per_minute" INT NOT NULL,
    "routing_priority" VARCHAR(16) NOT NULL,
    "version" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "updated_by" VARCHAR(128) NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_scripts_app_id_b6ef91" UNIQUE ("app_id", "name")
);
COMMENT ON COLUMN "scripts"."type" IS 'APP: app\nSCRIPT: script\nDRIVER: driver\nVOICE: voice';
COMMENT ON COLUMN "scripts"."access" IS 'APIKEY: apikey\nPUBLIC: public\nSESSION: session';
COMMENT ON COLUMN "scripts"."routing_priority" IS 'DISABLED: disabled\nFIRST: first\nLAST: last';
COMMENT ON COLUMN "scripts"."version" IS 'The number of the latest :class:`ScriptVersion`; bumped by every change of ``code``.';
        CREATE TABLE IF NOT EXISTS "script_jobs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "function" VARCHAR(100) NOT NULL,
    "data" JSONB,
    "state" VARCHAR(16) NOT NULL,
    "attempts_made" INT NOT NULL,
    "max_attempts" INT NOT NULL,
    "backoff" JSONB,
    "run_at" TIMESTAMPTZ NOT NULL,
    "progress" JSONB,
    "result" JSONB,
    "error" JSONB,
    "locked_by" VARCHAR(128) NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    "script_id" INT NOT NULL REFERENCES "scripts" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_script_jobs_run_at_2e6fd3" ON "script_jobs" ("run_at");
CREATE INDEX IF NOT EXISTS "idx_script_jobs_state_e3767e" ON "script_jobs" ("state", "run_at");
COMMENT ON COLUMN "script_jobs"."state" IS 'WAITING: waiting\nDELAYED: delayed\nACTIVE: active\nCOMPLETED: completed\nFAILED: failed';
COMMENT ON COLUMN "script_jobs"."attempts_made" IS 'Attempts started so far (a claim counts as one, even if the worker dies).';
COMMENT ON COLUMN "script_jobs"."backoff" IS '``{\"type\": \"fixed\" | \"exponential\", \"delay_ms\": int}`` or null (retry at once).';
COMMENT ON COLUMN "script_jobs"."run_at" IS 'When the job may start (now for waiting jobs; later for delayed ones).';
COMMENT ON TABLE "script_jobs" IS 'A queued call of a script function, persisted so it survives a restart.';
        CREATE TABLE IF NOT EXISTS "script_runs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "app_id" INT,
    "script_name" VARCHAR(100) NOT NULL,
    "function" VARCHAR(100) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "trigger" VARCHAR(16) NOT NULL,
    "trigger_ref" VARCHAR(64) NOT NULL,
    "caller" VARCHAR(128) NOT NULL,
    "request_id" VARCHAR(64) NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "cpu_ms" DOUBLE PRECISION NOT NULL,
    "memory_peak" INT NOT NULL,
    "logs" JSONB NOT NULL,
    "result" JSONB,
    "error" JSONB,
    "script_id" INT REFERENCES "scripts" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_script_runs_app_id_c2ff05" ON "script_runs" ("app_id");
CREATE INDEX IF NOT EXISTS "idx_script_runs_started_d4284d" ON "script_runs" ("started_at");
COMMENT ON COLUMN "script_runs"."app_id" IS 'Null for runs outside any app (``trunkline script run FILE``).';
COMMENT ON COLUMN "script_runs"."status" IS 'OK: ok\nREJECTED: rejected\nERROR: error\nTIMEOUT: timeout\nMEMORY: memory\nCANCELLED: cancelled';
COMMENT ON COLUMN "script_runs"."trigger" IS 'HTTP: http\nAPI: api\nJOB: job\nCRON: cron\nROUTING: routing\nVOICE: voice\nCLI: cli\nPAGE: page';
COMMENT ON COLUMN "script_runs"."trigger_ref" IS 'What fired it: a job id, a schedule id, a route...';
COMMENT ON COLUMN "script_runs"."caller" IS 'Who fired it: a user, an API key, \"system\".';
COMMENT ON COLUMN "script_runs"."logs" IS '``[{\"level\", \"message\", \"at\"}]``';
COMMENT ON COLUMN "script_runs"."error" IS '``{\"message\", \"stack\"?, \"code\"?, \"reason\"?}`` or null.';
COMMENT ON TABLE "script_runs" IS 'One invocation of a script function: outcome, cost, captured console output.';
        CREATE TABLE IF NOT EXISTS "script_schedules" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "function" VARCHAR(100) NOT NULL,
    "cron" VARCHAR(128) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "data" JSONB,
    "enabled" BOOL NOT NULL,
    "next_run_at" TIMESTAMPTZ,
    "last_run_at" TIMESTAMPTZ,
    "last_status" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    "script_id" INT NOT NULL REFERENCES "scripts" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_script_sche_next_ru_6b61da" ON "script_schedules" ("next_run_at");
COMMENT ON COLUMN "script_schedules"."next_run_at" IS 'UTC; null while disabled.';
COMMENT ON TABLE "script_schedules" IS 'Run a script function on a cron expression, read in a time zone.';
        CREATE TABLE IF NOT EXISTS "script_versions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" INT NOT NULL,
    "code" TEXT NOT NULL,
    "author" VARCHAR(128) NOT NULL,
    "message" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "script_id" INT NOT NULL REFERENCES "scripts" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_script_vers_script__467165" UNIQUE ("script_id", "version")
);
COMMENT ON TABLE "script_versions" IS 'The code of one saved version; every create or code change of a script adds one.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "script_versions";
        DROP TABLE IF EXISTS "env_vars";
        DROP TABLE IF EXISTS "script_jobs";
        DROP TABLE IF EXISTS "script_schedules";
        DROP TABLE IF EXISTS "script_runs";
        DROP TABLE IF EXISTS "kv_entries";
        DROP TABLE IF EXISTS "scripts";"""


MODELS_STATE = (
    "eJztXWtz4jjW/isqvmx6Kp1KJ93pfsnWbhFCZuhcSAHJbO8wBcIIUGNkry+keWf7v6+ObA"
    "M2NmACxnb0ZaYj68jmObqd55wj/VUYaz2imiclnd6SaaGI/iowPCb8H4Enx6iAdX1eDgUW"
    "7qqiKtZpe0SmohB3TcvAisXL+1g1CS/qEVMxqG5RjUHtElI1Nniv0gnpodJjFSkG6RFmUa"
    "yeoBpTpwijxm+l92efLpDWR9aQIJPwOhaiJjItjdc+gTf1NIW/irLBLhu1Gf2PTdqWNiC8"
    "jsGb/uNPXkxZj/wgpvenPmr3KVF7PsBoDxoQ5W1rqouyKrNuREX43m5b0VR7zOaV9ak11N"
    "isNmUWlA4IIwa2CDRvGTZAyGxVddH2UHW+dF7F+cQFmR7pY1sFRYC08wHzskK7/VBrthuV"
    "ZrtdWFKSJ7EAsVukaAwUzD/VFL9+AJ/w/uzDx88fv5xffPzCq4jPnJV8/um8eg6MIyjgeW"
    "gWforn2MJODYHxHFTx/yVYy0NshOPq1Q8gyz85iKyH4ypovYI5tvM+nQS4Y/yjrRI2sIb8"
    "zw+npyugfC7Vy7+V6ke81jt4pcYHoTM6H9xHZ84zwHuOr26QPv0RB+G5xG4wPmz39SN8sQ"
    "nAF9H4XgTh5bNie4jNYRyAF2Vy2I0vPm4A8sXHSJDhkR9kPo0DGG1sLcN8zZ9YdEzCofZL"
    "BsDuuaIn3j+yCD3/gT1Y/txxtQL6ZvW+0miW7h/hdWPT/I8q8Cs1K/DkTJROA6VHwbEwaw"
    "T9Xm3+huBP9O/aQ0XAq5nWwBBvnNdr/rsA34RtS2sz7aWNewtTgFfqoebTuopNq22bW+k9"
    "KLsDzbufnBbFZ0TRHiYrNU1+6JQ3t4We/ZJSy2nWskEm2mir0eyXlFpOs5b5pGu0Y1lKCx"
    "LrzaUsLMk7sJjABu2PQg0mgGsZ3Rtu4NIB45a8ALnKvwgzJcxScs3+J7eZjIH70+s9Xul8"
    "NBv4ZWa0L3Yq/tv5LyaWsysvNcql60pBINzFyugFG722D2p4op1pgZJZ3eVH47NxsAQzPB"
    "DgwK+Ab56RLXohlIPR1xEw+mbkSzSQkvhIF/Fh22GwPj1VryOmSTsUWSg+AanMmeYr0BMm"
    "4rmzjC0uUOJ3+m3Dw/JHKeI2dm92W9RSY2E7E0iO1SgUEgH3w9mXTZijsy/R1BE88+O7+G"
    "VLKDfJj4gJNiCWA6xX7X8r/2r6tr4eokf3pX+9821/72oPv3rVFzRQvqtdRfBJ3Wmc3u2X"
    "ygHskraTtN3xzmk7W+9tqXW/pNR6WrQeYveLr18yUqNtqgWuj03aE2yYy53jypW8ua0TFU"
    "csb67BVGGTZ5wn+9U3hL5r3Vfi81Xr5hWc0aRNGG+HvBKi2+cKb2aaV5hMZUh6tvpalBpu"
    "M/mFCVp+NUjQSJ4g2isHZveo5Yy9MCps/vR4JSMG9dqqNkgXLXZFB2+FGfu/s7Pz889np+"
    "cXXz59/Pz505fTGUW2/GgVV3ZV/RXoMt/WZT1/Fn9/meS+MlF9ZHNbuYkxwce0Zji6WlJ2"
    "tKXul8phiM3u45gcyGIR/YsiWznuUuaF3Q3hH4Q0Lj/tl8pj390HlcpRC2VRV+K8ZwI1T6"
    "4ArfudKFbsiTggJpHeGOmwmXgtzqFzsWSmI0E2iB4SSrEWZk8sd0Cfffq0AdK8ViTU4pkf"
    "6y7pa0bIrPG1UXsIh3kuEdyrU8VC/0UqNTO4vViBLECx2skV9GcFdtrQQNDJhftWWKBQNO"
    "wzAYn69qgbhP9sM+787ZfK3byy+wmc6nHgdWpLWENhjeHF2ScrWLZNSxsLAm6JE5w9O17F"
    "CCpuLRkol69AORnhtU/L2bSwZYf4PwDfCrPHS+HEPqzn0gnOrmC6T0jMObZQKjerz5Uicq"
    "RbrPrglVDmlTWeGo+Vh+vKdRGZtqkT/hVO/zo4P6fYhkGYEi9gaUEmQfU8Na6TWf/ONwD5"
    "PBLjcxmuJD0MMlwpf1rfabgSh8Tiq8MrAwS8DWzOkm72Gibgw2yFUeBhut4wgITgDa2DQg"
    "l5Uu91zbCwilRtQBnfPiCT6BiUh3QOmkJ1/gzUjfqGNkaaDorVDCTeFXaMyc7alXZKuuwU"
    "MsZUjbM/mwnkzlI5+7QJNcFrrSCSlzifPn9xbHeqTyh3DNBeLEIdm+aLxqfvuOeaLAnm0H"
    "u9FxcJNdtzmzawy9A0lWAWMTMvygXA7nLBfaHtTSzJ8vVXtdqdb3t5VQ3m+jzdX1V4fxfY"
    "80rUyfldDs0wiWnyD2tP+FoaGjcQuRiGSCaXtP4h1SujtKTza1NJS/otaj3Kkl46pUnYMN"
    "se07QoLM92SY+ql0f4zJCOZT8GpOQZL+vPeFEWHJ5+lGOf87LoO80YyJue9RLoYGk676VO"
    "+nz8DZvaiLBCCInle368isQynJptC6puSGLVGEHUNG3SQ644EuInSLzQhINyNV5HzMCorx"
    "ljhHlbY6pOL7mEbXLtADGlE2Y5kkt81u5f0WLOcV+mOMP3ZcjtH1cAHUGJqIResDjVl9tl"
    "x0gzRFVFpdAINVHXgDrvJEuWQpbsu0XjcApu9dwxZLsPiXLGSCxubCYhA7PX4ztj5VdEwa"
    "8PmFhuJc0kWaH2WKmXmrV6ceaAaLHyU6NZu6/wMm/hbbHGt0azcl9E5tS0yDi4ShwmZGIO"
    "dayJPCgm96shDI+z5G9h8fkEc2jp58ncS9GxvFLNez2xdSvSTp6unQ39ynOX86rllITu15"
    "1usoLkWHh+vJrkcDpcHJKjxBBWFGKaLjPgtoGcLDJELROJ5Wh6iUZEt5DNLKryYvSi2WoP"
    "DfGEOBVCbx3aceOvYCOk4bxTw25FHE+mtj0pObE3E/NlSlfFtG1uM+qtjPJRp2SVjIpjXR"
    "+/Gidslc0jRd1b8HQVW4J3PzIt3O97xRONKmRW+V3o0veKpiTtni7aHfpQ3NjJRRm5j1hL"
    "ECcc/5syW0oGAPuQznIAsKFFHfu/3r/hySaINOxWNOY4smIlhF7fVx+KCPfGlLXYdeW5cg"
    "fujiLqkQlRYTmDhNDHx1q9CemgOuRrtFi9UrquPdx9KyLfew/v7ZBR2zJqW0Zty6htGbUt"
    "LWIZtf2GtS6jtiXTuVWuO9Zpe0Smr8x1L+n0luTqWoV9soLuRSYhvOD8ipNoZnDxMpXNPG"
    "W6jrgQNTQ2hmBZLkyhMXTU6eiGBp6uE/6800GUIfduhHBucLuWWtzSulHxwDxG2IQnZY0x"
    "8qPcKKJfuJRFFN5dfuGNqTYxETYIYtwYM5A51F74OwdcLUicUwjE41RUMIl12WJcmk54X/"
    "sFoo1NsM2UofdaBFYaOmKahXSuBVMEDJMxsJnEfHeJflE1ZQSvFaIKZlCzS1pMGWLGtQb1"
    "nYjynuvgs5kjwmXdbugKwwdRsI1V9T3MfMh9DMHM2EKY/3xbHxi45/0wjf/nxeBb3sic/j"
    "+E/vkzPjQLf0oS9YAk6ojEiq91q+fQnt4L7SQG/TK+0RchzgRyQOut2nDs4wrE2WQbk7zw"
    "ySVIXsxKMsteuAtUbLxnUhLtGGg763NMsOdCEusYWFNz9uXx8PYLSsxjYC7JuuitSjZpG0"
    "nWvUWtb0LWebqLd121XyoHW+QkrhHS9Zh3YM0EZJrY+mMNXCLDj23sEw1KTisZg3bTwwzm"
    "PSpN5xjAfcIhHKV7zXA0QelA1fYuNN7k3E2uLThNQMGqCgGG2GXxUN9m4squY6SDF9cENs"
    "7UINbetI0JnQD7hvika2HDCjt3c2ftrg9t/EOciy66sGELJ8mfsYg6eYkoPEviElFP+XEW"
    "1kWZBJfVMYcuoaX19HSTpfX0NHpphWf+pRVUsIwyXKHzDDReONSekLyRaPsbiWZT0TbhfD"
    "PhBDv6C6YWABgP/8LvpWqz+vBrEbnyENJ3V/oGdznwZQlPSa/FgndAlGv3j3eVJtRRtLEu"
    "XDwtdlOq3kFRH1M1Lfc/YAs8VpbZHuNeiDajN6hBueT2qacxFVhyPxWJpdZZhfvYQEcYKS"
    "qmY64im6MNjkON8VeRCWGIOikIL5oxIgbqURLqrtxly3uOwoJ+5Ckthp6DYjK8LQgsbIS1"
    "fj/2GrQgl4FlqNDp/NUqwBe2+F8t/lN5260C/8wWpCfy7s0sitUWl2wVxLzYHptQlcP+s9"
    "MBVze8FB0ZxDKmCFt8RCgkZEzt8T2HvsLP3iYoai6VmbzPwu9DPs/BJMftMzTGU2d+hEiJ"
    "FziqzVtJ4bF5iSBcwhDl7noqQh5Cusbums1ZVFbAAQvNhczxa+ajRcEMTEip3RfzR6Eeqz"
    "Xwz8Uk+NuDTwxDi7icdgX2MykJ/fbQO07umM4En5D0JWziS3AhEwGDcTcTQVkZYJ3mpVz6"
    "4qPHWTa9stIX/xa1vokvvk8ZNYdbqT0gKuf09Kh5eXTLSIDdsm+uIzgWpD4ZiaqMr0givm"
    "K50+4A0sasoZyi6huqaQpcuX2uMMuYFkKCV7xHx6sCWEaTNuG1KIlx5caITEWEiUiS+5sJ"
    "f78XuSpwY4VB0JHy4/b53aV3MCRyX+Amj02oSfnLl2nV3Ta910wzGcCSVACLTElzOZxPH8"
    "424HB4rUgORzzLXkragTb0+0hKG/HfGd6b10eqeLIJkpMuevHALzSadRGm4ki3WO3qa6Xc"
    "LCKt+50oVnDW36Trb0JeRlOXS8Rlis6/XW/gyuNvtzz0X7JXb5C9kqyGtL/3OzlmNL+hbo"
    "ffXGCvubDAtXsNO9aVjGyiKeIUndBEBL4VsC1FG3NphQ9//l+sWzZYcwAuXIfIn+t2SJLD"
    "rhvf8SHO0ipMyipMep5PZJ9WeICAQQgUg+EG/dSkPYIwm4rDiI46Hf4SNlIpHwVur+d/o5"
    "vqXaXTCQlTe31zyXDmcU88DojlwhJNIEFFpgIlhTQkldghgY+bp6TYYdGPqerZhdotX2pH"
    "cF40mPeQTmKQ7+LknBar1OtwpaYIZ2sx2NfXnpp8juT2Ep+GWuy+cl+rfyuiMRlrxrTFyq"
    "WHcuVO5KQogImamrQU/vbBIOye8s10uSCeamX+1mw+FtHQsvQWKz1Wi3yFoC32tXZVhCBm"
    "rqB67YHrxtAYVzjXpSB4DK5LwfA816rlStG5JoPXvePyisrlH0u/8mI4ki5VymwbJCRLIn"
    "oSDIilNzqw8DucwdcXjhFqcSWKAHXaOxbb5CHp2Xz76/wJuiMnJ2Gx7ds0kfBNFJDjHDUo"
    "IwLRZhKpVp/mgx7uJzkGXxgfkuAJg1QT5wLiViFMczGlD3DxAuHomeFREtG680ulV39bbk"
    "F2PzzcLMAtuE+/ZGYSfd4kw92zDUGDtMchW80bVcMRpnBALqDkPgjua0SdnsTMmd2FYq9r"
    "T1d3FfRYr5SrjaqbcDDTpHgIRfPDyOqV0l1wwdHtuDDPRSTCGyDsmAJtneBRDFonIJXa3O"
    "+DhSWq2iB+Bp4n9KospO2W3L97jAPq2lTl5oV5Au/7R9ytVKfzx18tjtyEuCm6Y2Ka3BBx"
    "/sBWq/Dzz05naQ+1uZhM7ksPeSaT+/aTZe/r/HxrqIxahX/CvxWtR9x/GgSbGuN/LCS9Ry"
    "TTv6q5Qx8yc5Dw7pSNsz17l5OPRk4Zvq8PRuZfgB6e7u4O5WZuuBRRIcTXPHt2vIHD2eOa"
    "NvQ612227ApGGhQCaQnhwoZzRdqxuNYQbubAgo9G/6+xkFjkXTQorwhO1+0W0gGWlAMMhk"
    "gsdtZIGuHkXLn74FFhnoFpJpYXY0EmwZ781CxnlUaVJzoeyr5igEPcyy0WpOSls5tftMDI"
    "DxHft4W3ICCalXh4mJMundPZXoZUJahHTdF1lreBK2vm2LcgbsDcrlMEROUpAKnX86pwpR"
    "U6PkScUlLnJe089EQeoRMNfTbTUeQROm9R6zIJSR6tkl1UZWrXXlO75NEquTpaxUU+1JXh"
    "6WSdI2Mz/0U0pqtOMREfJS/MPqRLwbbDYH16ql5HbOvsUGSh+ASkthnmBwV4BXrCSDp39m"
    "GLOyzxOwMcVMwMMJn6Fc8fIwAKxXeDFBZXNkEj353f4lB6pcdHSFrRW6xRrlcfm0XXd9ti"
    "1/Xqc6VeRD2DTojhT1YJ8n0H4ga0sBtvos/g8erngHZJ+gCexc+MgXhATAIfG/ioAOrIHU"
    "hk+PQ+b/o5Pc1KXK8b+DzuxoDUJ5McqhcfM4LpC1bVeJ10QSLZXpqVbooVJfQKmM22HnPp"
    "RDcf1D1EMN7+o3pb+SbyZrl0iz0+Xd1Vy0Wk212VKnxXUmlAZgTfljhRY+nYeQB4bZWOqd"
    "XWidEeU2aHXaUY2f8j5ROcXTIzFtx06bZuUM2gVsSxlutHRVg7CY4PzwUed4RcVxulK5Hi"
    "77XQYjfVeoNv1fvUMPlO/a4Ef4BvMR2jYwLXJYdtFCPHw4JEau8nLDSHhAM67hIDDlCCa8"
    "zghjLTQkWFY28WOw679ez8ls4l6tpjnfRQdwr3RhpTpAwxGxAQ7nTAFul0lgMn9vWSPY9R"
    "6aaNHm3ZdNhJN+1b1PomblpPd/EuCvNL5YAJSCBcWTrEpet2T9DuynUb7WGc4wzXuS4Dfe"
    "VK3dzWiYojKEIX469aN0cY+60b94TQ7cFxzyLNZDDoamx8yWzbA7SYQJfHLuRaT69GacGw"
    "yBNU+w918ECLjHhYQHVtBueiNtcncIK9CGYeGHwaHEiKJ9wadNu49GxCYWNBWrioOjcRZ5"
    "mafPdnotCEzn28IDQ4Yx7447EBMkTjkCEaGWFxUo9wlvzVB8r+2IfjlFuww7DDRqIt1LmE"
    "tE43sU7dY0niQLwgkjuMzz592gBjXisSY/FM8qr5Ztg24VVl4P6ult9UnZqTNoAzH2heIg"
    "ZVhoUQs8t9crzK3sLzOjuNM5dWSxqtluhNSbTZks2ddgLbklDmfMXO2qmeQ3T3cwqQxizC"
    "Ig6pjDIVZyLJHz56GKtxZyeoLO0RklzMfv4Pf68Q4Q=="
)
