from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "app_templates" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "subject" VARCHAR(500) NOT NULL,
    "html" TEXT NOT NULL,
    "sms" TEXT NOT NULL,
    "sample" JSONB NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_app_templat_app_id_eb5360" UNIQUE ("app_id", "name")
);
COMMENT ON COLUMN "app_templates"."sample" IS 'Sample variables for the preview.';
COMMENT ON TABLE "app_templates" IS 'An e-mail, SMS or HTML template of an app (Handlebars-style text).';
        CREATE TABLE IF NOT EXISTS "pages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(64) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "document" JSONB NOT NULL,
    "access" VARCHAR(16) NOT NULL,
    "roles" JSONB NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_pages_app_id_6e1dda" UNIQUE ("app_id", "name")
);
COMMENT ON COLUMN "pages"."document" IS 'The page document (:class:`pagebuilder.document.PageDocument` as JSON).';
COMMENT ON COLUMN "pages"."access" IS 'PUBLIC: public\nOPERATORS: operators\nPORTAL: portal';
COMMENT ON COLUMN "pages"."roles" IS 'With ``operators`` access: the roles allowed (empty: every operator role).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "app_templates";
        DROP TABLE IF EXISTS "pages";"""


MODELS_STATE = (
    "eJztXe932jjW/ld0+LLJHJJNk6bt0vfse0hCp0yTkAGS2dlhDggjwI2RvZZNys7b//3VlW"
    "3AxgabgLFdfZlpbF3ZPFeWdB/dH3+VJvqAaOy0aqhfyKxUQX+VKJ4Q/o/AnTIqYcNYXIcL"
    "Fu5roik21O4zmYmLuM8sEysWvz7EGiP80oAwxVQNS9UptK4iTaejE02dkgGqPtSRYpIBoZ"
    "aKtVPUoNoMYdT6XD05v3yH9CGyxgQxwttYSGWIWTpvfQpPGugKf5RKR7vs1Kbqf2zStfQR"
    "4W1M3vUff/LLKh2Qb4R5fxrP3aFKtIEPMHUAHYjrXWtmiGt1an0SDeF9+11F1+wJXTQ2Zt"
    "ZYp/PWKrXg6ohQYmKLQPeWaQOE1NY0F20PVedNF02cV1ySGZAhtjVQBEg7L7C4Vup27xvt"
    "bqvW7nZLK0ryJJYgdi8pOgUF81dl4teP4BVOzt+8ff/2w8W7tx94E/Ga8yvvvzuPXgDjCA"
    "p47tul7+I+trDTQmC8AFX8fwXW6zE2w3H12geQ5a8cRNbDcR203oUFtosxnQa4E/ytqxE6"
    "ssb8zzdnZ2ugfKo2rz9Xm0e81TE8UucfofN13ru3zp17gPcCX8MkQ/VbEoQXErvB+LDD14"
    "/wuzgAv4vG910QXj4rdseYjZMAvCxTwGH87m0MkN+9jQQZbvlB5tM4gNHF1irMN/yOpU5I"
    "ONR+yQDYA1f01PtHHqHnP3AAy5/7Xa2Bvl2/q7Xa1bsHeNyEsf9oAr9quwZ3zsXVWeDqUf"
    "BbmHeCfqu3PyP4E/27cV8T8OrMGpniiYt27X+X4J2wbeldqr908WBpCvCueqj5tK5hZnVt"
    "tpXeg7I70Lz7yllRfE4U7WGyVtPkm6Hy7rbQs19SajnLWjbJVH/e6mv2S0otZ1nLfNI1u4"
    "kspSWJzeZSHpbkHVhMYIMOn0MNJoBrFd1P3MBVR5Rb8gLkOn8jTJUwS8k1+x/dbnIG7ndv"
    "9HhXF1+ziV/mRvvyoOK/nf9iYjm78mrrunpTKwmE+1h5fsHmoOuDGu7o53rgyrzt6q3J+S"
    "R4BVM8EuDAr4B3npMtRimUgzE2ETBGPPIlGkhJfGSL+LDtMFgfH+s3EdOkHYosXD4FqdyZ"
    "5mvQEybihbOMLS9Q4nf6bcPD8kcZ4jZ2b3ZbqqUlwnYukB6rUSqlAu6b8w9xmKPzD9HUEd"
    "zz47v8Zisot8m3iAk2IFYArNftf2v/avu2vh6iR3fVfx37tr+3jfufveZLGri+bVytDOwJ"
    "+a9OE47thUyKkD+2rxOiXqpX76sIXhfB+yKVopexqozFkQjfR/yNIYot28TaiYbpyOYbFQ"
    "SmE0NHndKMMIuYAzzrlI4Rn3R1bUpWz2L28oQDcYr9WZJR4JcqwKcnqVtJ3ZZ3Tt3axmBL"
    "rfslpdazovUQ7ke8/QpREW1XL/G9dNqdYpOtDo4rV/LTlybRcMQWxzWaa3T6hIvEYfg+oa"
    "96/5X4/KL3iwrO87RLKO+HvBKiL0813s2sqDAxZUwGtvZalFpuN8WFCXp+NUjQSVEhAhaL"
    "kddidOP0UlSQ1Imhm1b39TN3XXRU4Pmbv+nrJ+8WnpLBr7ynws7fFpkYGhjOrwOqahhtt6"
    "eiImXg0WtReuBdFAmevR5j2QPVcrZOYadZi7vltYda0K6r6aNsnWxdqaMf5XDrH+fnFxfv"
    "z88u3n24fPv+/eWHs/kp1+qtdcddV/Wf4cSrvGx5bj4CS04PpEkLpKqPfLICcbgg/k3rpq"
    "OrFWVHE61+qQJ6ye7eFdmBLNFZ/bLIVr43GXOk2s2ZfRDSpEfMfqkijt19nIZy1EIPQtfi"
    "vOcz0CKd5uv9r0SxEk/EATGJdGykw2bijTiHzsXyYDESZJMYId6QG2H2xAoH9PnlZQykea"
    "tIqMU9P9Z9MtTNkFnjl1bjPhzmhURwr64qFvo/pKksh9uLNcgCFL4N+YqfStAlJbDThg6C"
    "fip4aIX5+kbDPheQqG+Pukn4z2ZJ52+/VOHmld1P4KqRBF6ntYQ1FNYEh/D7ZAWvbWbpE0"
    "HArXCC83vldYyg4raSvu7F8nWXTtr7tJyZhS075PQD8K1Re7ISEeTDeiGd4uwKpvuUJJxj"
    "S9Xrdv2pVkGOdIfW770rKvWutR5bD7X7m9pNBTGbGYS/hTO+Ds7PKbZpEqok8zddkknT67"
    "h1k876dxED5ItIjC+kt6k8YZDepsXT+k69TTkkFl8dXuke4G1gCxY3e1Avr3SIhlIVeXbF"
    "CVN0gwyQ+0MhNdhUZSp/G2TpyBpja94UologngU8sbC2EgOTIWcM38hcY3p5I3ez+QWZU2"
    "LaYMvgOlAhTR+plG/SECMGBu0jg4OmqAa/B0MFDU19grge+D3dROJZYfnedtavtAazZQ2S"
    "CVa1JLvguUDh7MHzyzgEEG+1hq5fYdaG/MGJD619QoXj2fZidxuYsRedT99JE8CtCBbQR2"
    "AvB1Eq6y6Yg8AORdc1gmnEzLwsFwC7zwX3hbY3saR7KnLVaNz6NvFX9WBQ9OPdVY2Pd4E9"
    "b6Q6yVFWHWAYYYy/WHfK19JQ74zIxTBEMr3sPm8yvTJKvqK4lqvkK35ErUfxFSvpLIUNs2"
    "0+y2VhmQQvO6pe/cLnhnQi+zEgJZPhbU6GpywdK/tRTpwQb/mEOmcgR9FO5UBSvMAAy1Ji"
    "vCYZ8u9v3NafCS2FkFi+++V1JJbptOxa0DQmidWALDaM2WSAXHEkxE+ReCCDigKQ6UbMwG"
    "iomxOEeV8TVZt95BI249oBYsog1HIkV/is3T+iQ528qEzwlC9jbv+4AugIrohG6AWL8gfc"
    "Lisj3RRNFU2FTlSG+ia0OZYsWQZZsq+WmoRTcJsXjiHbveOZ840k4sbmEtL9fTO+c1Z+Ta"
    "zBZreU1V6yTJKVGg+1ZrXdaFbmBxAdev3Yajfuavyat/B2aOv3Vrt2V0FsxiwyiXeqtG/H"
    "lAXUiSbyoJjcr4YwPM6Sv4XF5xMsoKVfJHMvQ/ULpJr3mtp+K9JOliHJh35lgYqiajkjAR"
    "JNZ5isITmW7pfXkxzOgEtCclQpwopCGHOZAbcP5MTqIdViSCxHs4/omRgWsqmlavwyetFt"
    "bYDGeEqcBqHlGXfc+SvYCGk479SwW+PHk6ttT0ZKG+Rivszoqpi1zW1OTyujzqgzskpG+b"
    "Fu9l9N4rZKF56ibrlgSJAnePcjZuHh0Ls81VWFzBsfhy59r+hK0u7Zot1hDCX1nVyWkfuI"
    "jQRxyv6/GbOlpAOwD+k8OwCbelR9pM3nG55sikjDbkWnzkFWoviZm7v6fQXhwUSlHXpTe6"
    "rdwnFHBQ3IlGiwnEHY7cNDo9mGoFsD4jU6tFmr3jTub3+vIN9zD3/aIb22pde29NqWXtvS"
    "a1taxNJr+wfWuvTalkznVhkFsKF2n8ns1WUZ1C+kULUr9skKutW+QnjBRR2waGZwueJYvJ"
    "Myw0BcSDV1OgFnWS6sQmfoqNczTB1Ouk75/V4P8gS4BYTCucHteupwS+uThkesjDCDO9c6"
    "peTbdauCfuJSFlH4cPmJd6bZhCFsEkS5MWYiNtZf+DNHXC1IZIME4nEmGjBifexQLq1O+V"
    "j7CbyNGdhmyth7LAIrDR1R3UKioIZwGPZqkBx/RD9puvIMjxWiCqbQsk86VBljyrUG7R2P"
    "8oF7wGdTR4TLusPQFYYXUsE21rQTUUnUvc2cLAyY/3zbGJl44P0wnf/nxeRb3siY/j+E/v"
    "k9/mmW/pQk6gFJ1GeSyL/WbV5Ae3ovtJP46Ffxja4YPRcoAK23bsOxj1rR88k2IXnhk0uR"
    "vJhfyS174S5QifGeS0m0E6DtrM8JwV4ISawTYK2y+Zsnw9svKDFPgLkk66K3KvmkbSRZ9y"
    "NqPQ5Z5+mun8j68EsVYIucRrEmw0hYaWwuIMPENqc1cIkMP7aJMxpUnV5yBm3cZAaLEZWl"
    "PAZQtDmEo3RrOUcTlA5U89rRcfJucm1BNgEFaxo4GGKXxUNDm4rCaGVkwCkuAzaO6eBrz2"
    "xzqk6BfUN80rWwaYXl3dxZv5tdG/8Q2efFEDZtcUjyZyKiTpZqhXtplGr1lJ9kYV2WSXFZ"
    "nXDoUlpaz87iLK1nZ9FLK9zzL62gglWUoVDRE9B44VB7QrLu0/Z1n+ZT0TbufHPhFAf6C1"
    "YtADAZ/qXfqvV2/f7nCnLlwaXvtvo7VMzgyxKekUGHBittXDfuHm5rbWij6BNDHPF06Kdq"
    "/RYuDbGqZaXKBrbgxMpi3QkehGgzeoMalEtvn3qWUIFV91WRWGqdVXiITXSEkaJhdcJVZH"
    "O04eBQp/xRZEooUp0QhBfdfCYmGqgk9Lhylz3v2QsLxpGntAR6DopJ97YgsLAR1ofDxGvQ"
    "klwOlqFSr/dXpwRv2OF/dfhP5X13Svw1OxCeyIc3tVSsdbhkpyTmxe6EQVMO+/deD4664a"
    "HoyCSWOUPY4l+EQkK+qT0+59CFEu1tnKIWUrmJ+yz9NiZONQhun6EJnjnzI3hKvECqNm8l"
    "hdvsIwJ3CVNcd9dT4fIQMjR2123BvLICB7DQXcgcv2E+WhbMwYSU2X0xvxV6YrUB/oWYBH"
    "978Ilp6hElgNdgP5eS0G8PvXPInfAwwSckzxLinCW4kAmHwaSbiaCsdLDO8lIuz+Kjv7N8"
    "nsrKs/gfUetxzuKHKlXZeCu1B0TlnJ4dNa9+3dITYLfsm3sQnAhSn4xEVfpXpOFfsTpodw"
    "Bpa95RQVH1fapZclz58lSjljkrhTiveLfK6xxYnqddwlupJEHJjWcyEx4mIkjubwz+PhGx"
    "KlCxwiToSPn25en4o5cYErkPcIPH3Mq9q7Tqbrvea6SZdGBJy4FFhqS5HM7lm/MYHA5vFc"
    "nhiHv5C0k70IZ+H0Fpz/x3ho/mzZ4qnmyK5KSLXjLwS612U7ipONId2rj6pXbdriC9/5Uo"
    "VnDWjzP045CX0dTlCnGZofy3mw1cmf52y6T/kr36AdkryWpI+3u/k2NO4xuadnjlAntDwQ"
    "LX7jXtRCUZ6VRXRBad0EAEvhWwLUWfcGmFf/78v9iwbLDmAFwoh8jvG3ZIkMOuO99xEmdp"
    "FaZlFaY9z6eyTyvdg8MgOIrB5wbjlKkDgjCdiWRER70efwh91lT+Fbijnv+NPtVva71eiJ"
    "va67tLhzNPmvE4IFYISzSFABUZCpQW0hBUYoc4PsYPSbHDvB8zNbJLjS98qX2GfNFg3kM4"
    "iUm+isw5HVprNqGkpnBn61DY1zce23yO5PYSn4Y69K5212j+XkETMtHNWYdeV++va7ciJk"
    "UBTLTMhKXwp49GYXXK4+lySTzTyvzcbj9U0NiyjA6tPtQrfIVQO/SXxlUFnJi5gpqNe64b"
    "U6dc4VyXguAxuS4Fw/PUqF/XKk6ZDN72lssrGpd/qP7ML0NKukwps2uSkCiJ6EkwIJZd78"
    "DSb5CDbygORlSLK1E4qKuDstgmj8nA5ttf50/QHTk9DfNt36aLlCtRQIxz1EcZ4Yg2l8i0"
    "+nQf9FCfpAxnYfyThJMwCDVxChB3SmGaSyh9gMILhKPHwr0konXnl8qu/rbcguz+83CjAL"
    "fgPv2SuQn0+SEZ7oFtChqkOwnZan7SdBxhCgfkAkoeguC+vqiz04Qxs7tQ7E3j8eq2hh6a"
    "tet6q+4GHMw1KW7CpUUysmatehtccAw7KcwLEYlwDIQdU6BrEPycgNYJSGU29vtgbomaPk"
    "oegecJvSoKabsl9388xgH1bVXj5gU7hef9M+lWqtf7468OR25K3BDdCWGMGyLOH9jqlL7/"
    "2eut7KHii8ngvuyQZzK4bz9R9r7Bz7eGynOn9L/wb0UfEPefJsFMp/yPpaD3iGD6V3V36C"
    "QzB3Hvzth3tufT5fS9kTOG7+udkfkboPvH29tDHTO3XIqoFHLWPL9XjnHg7HFNMU+dmzZd"
    "PQpGOlwE0hLchU2nRFpZlDWEyhxY8NHovzoN8UXeRYeyRHC2qlvIA7C0DsDgE0nEzpppI5"
    "zeUe4+eFSYZ2CaSXSKsSST4kh+bF/nlUaVGR0PZV9RwCFpcYslKVl0Nn6hBUq+Cf++LU4L"
    "AqJ58YeHOemjk53tZaxqBA1UJobO6jZwbcsCny2ICpjbDYqAqMwCkHk9r3NXWqPjQ/gppZ"
    "UvaeeuJzKFTjT0+QxHkSl0fkStyyAkmVolv6jK0K69hnbJ1CqFSq3iIh96lOHpZNNBRrzz"
    "i2hM12UxES8lC2Yf8kjBtsNgfXys30Rs6+xQZOHyKUht85kfFOA16Akj6cLZhy3vsMTvDH"
    "BQCSPAZOhXsvMYAVAovjFCWFzZFI18d35LQulVHx4gaMXo0NZ1s/7Qrrhntx1606w/1ZoV"
    "NDDVKTH9wSpBvu9A3IAeVvEmOgeP174AtEvaCXiWXzMB4gExCXxi4KMcqCN3IJHu0/us9H"
    "N2lhe/XtfxedJPAKlPJj1U373NCaYvWNOSDdIliXRHaV6GqfDy7D4nGaXLIumBevnmPCeQ"
    "Oi7cyTD1yaQ5Us/z8u1r+igZpAsBOZOuoIkVJbTyUzyLYyGdqs2hurlDk5kd9S+130W4PJ"
    "fu0IfHq9v6dQUZdl9TFW6M1FoQEMWtEcdZNBsGB4DX1dSJanUNYnYnKrXDKqhGTydR8il+"
    "CrlZAt0sCV3DVHVTtSKy2W7+KsL6SfH78Dxfkn4hN/VW9Upk9vB66NBP9WaLW+hD1WTcQL"
    "+twh/gUpCNr2MKVdLD7MPI72FJIrNlSUvtMeGATvrEhLxpUL0QChMyC1UUjj2r9BxS+8n5"
    "Lb2PqG9PDDJA/RmUizVnSBljOiIg3OsBBdHrrfpL7eshe/5GpXdG9NeWz3N66Z3xI2o9jn"
    "eGp7tk9QH9UgUgAFOIUpB+MK9fpaTHxl49NqIdCxY4QxXnVaCvXKlPX5pEwxEnAy7Gv+j9"
    "AmHst27cxMDbg+OmIM6lD/h6bHwxrNsDtBw3W8Qh5FpPr0ZpybAoElT793DyQIt0dFpCdW"
    "Pg9rI2N8dtg70IZh4YfDrkIcZTbg26fXz0bEJhY0E2CNF0YSLOA7T57o+h0DjufTwg1Cdr"
    "4e/nsQHSM+uQnlk5YXEyj3Ce3FQOFPS1D38JbsGOw3IMRVuoCwlpncaxTt1sREkgXhIpHM"
    "bnl5cxMOatIjEW9ySvWmyGLQ6vKuN1drX8ZipZVtYAzn18CZ8BMSOhASberfI6i2vgNJIh"
    "JoU2ZGSISTR6MsRkq0xJF3EyJV1EZ0q6WMmUJN3qD2MmQhJCErILiOdStJBOEXrFZpY+Sa"
    "iA0vVjq924qyBHukO/1H7vPlVvH2sVKG3RFWWpO/S2Vr2BLipI47vrrvvjDu9S5EAekYg7"
    "ij2Zi+Q+DTfA4GT9hd/g/Mt7Recvt0PnD+dVnX+7b+nk3YYkm2L3g3RzQMywNMP7ftyBM6"
    "N5ZnEy5wW/VAGm2RToIUldRKNfXOpCuoQVTetxXMKko9KOT4rEJo2YyUANSGU4YX6piryX"
    "PWGKDg7MLheDVIamKlNh02DpyIJiel5TsZ0YE2TopoVXayRIH7KM8odJsv54ut4BqNdLXR"
    "V31O+s0y2VG5h0EhdTWCI/J/A23dd7C9ZFRwXzGdwnj74ALIRJ96G5kUvvBrS42YOpyi1k"
    "7Rk5clBAnXJ8vPEJv29k6jYdVJBqMWQbmo4HZcSfBLFcrIwMU4eNDEOYDpBJoJOwb2Qvz5"
    "D1KSTTnymAd8P056/6esn5ZpMHVz4+3Db4HuSmgrweOvTXx9ojXOGPt+Hv5uP9vVOu25k3"
    "OrT1eH1dqwkxZisKIULuU7UuwjSHWBVBmtmtyT7UzUmYgb6mistcIk2im03T4b/isF/R3N"
    "cK8zXk+k96WrYsUzh+cS+uUf2ZRRhfe/n+NWS7qI4iV9OAYGZLnpau4EW9MGC+y4bK5N7m"
    "BHYiY/0F8T3dzG0yEe3cPc4YM1FWa3UvtLNewxf3f5yfX1y8Pz+7ePfh8u3795cfzuar/O"
    "qtdcv9Vf1nWPF9A2KVKXGUCe+0zSDw5DI7BpJurVJGnz2rRrePB11Tfwkz2tZVm1mRTbHm"
    "zPxKbovOjPnIDWNJ1kK+ENoO62zGkO0Z6Qm3eeEtVqCOPnpeEsnG0TM8NvHRc0u3TYUg8a"
    "PRkTN2EKBShkCfNyd9bu8PEOxrvYwVfHWwyDfrGJ38EzlolL0StMBAwRe/uh7t7zGHrjDN"
    "57UtViafmFyYtluYBIjOpoVsg/+yqNTBljoQRFmSeXMhkYPifyIy0mMUxYujo8qEWONKjz"
    "/WnMHkC04vXA+UDfk/HCK16dCHlt79ynTaO0Y6FbMfVdk4rIDa3p5y4NkxMnoo2tuxWNFD"
    "aXs6Ss8n6fl08C17Tn1gYgVtWdjcTut+SVnvMTuOTqta9pbQLdQcEJV6zrKepUfbLo5q/a"
    "XAhXtAEkz9QhJX6Y6WtjvaYBFG+kpMlwJSC4qr/2vNUpxwC3IW/QrmciksRdPibnltfiZo"
    "1wWrWyWxfZvgWQMkTHWRD4lCjaUKav16KzhM4C0xeOnZWEPMIArSp+CdZzHPi4+V0YtqjZ"
    "Gn1oDK9vCIDjWwyfu0eCsRFsZOUe0b/53aTGSAEqmF+Vrd66EjqtMTMjGs2bE4O+TX+QMg"
    "8IeB+1R0sicZHS19pjICsIyOzkMBPhkgfSDaEAQSAO42L8SwTh1qvnYmOS7x2ufhsKTq7U"
    "CcfYrYhxxV+C4rcI4h9g/HSOWKIHgAew1vHxPm1b2TPg98EDLFZqK4dq99jj0LbpyG7u7S"
    "80Xr9SqACd89zvefDB11xA/ulI5X9b99NzIIPQtLmTyKkUcxMghdaj2G1kM4exmELqnllC"
    "2BPVbL2Cf9yTFvk4kBhcRKIfzn8u3yOgIUfp3ltoxLgFJETiZY1f7eumv9/XP7DvbdTg8L"
    "rhIdfcZ0oJE+36GdMGsG8crg3xmy4391d5KNPPgcU5ZspGQj881GMrv/lSiJIiiXRApnul"
    "3GwvhyDcaXqxiPrUki5tFrXwB0UyceJyEM1BqOd5J2eHdhgMZ8sxIyM6/heOcSOeb7WuJH"
    "oCk2VXgfhoa66aSfMclUJS8hQUFxJCSLl4VvSLJ4ks+RLJ7UegytSxZPsniSxduSxXvAo1"
    "D67sENiYvm7QzeQtY4kbyZ5M0kbxa/xsnbGPv4d2+ja5y8De7iLdUKs32j0Z0LFM5KOo9F"
    "mJ2vIczOQ1wkdcWeEJoo4n5ZJn2CYQs/MgiHh/UMeW+OjiqKhhmr9OCy5/Ll3RWr4437Rw"
    "8yhwAWISdLO+z3wLQEVhTCts7euJBO8aPTDehTd/zakoyGh8er2/p1BRl2X1OVDm081JrV"
    "dqPZqqB5nx360Gi2q7cVN9lxUPWxWI2dp2A09dCy9mtyY3gC2eABtypm8xtEmfR6c9X0+J"
    "cjxltFcHviJyKsafoLGaAjEVdScSuMezKiUcj3u9uuJbOYvTVTMouSY/K1k8yi1LpkFiWz"
    "mAFo880sVompKuNSmGugc6e81itw0Wan9KLkEw/IJ/KNMQsNtYzefi6JFJAO20sK89ApMx"
    "pht3kB0d2Lkx5/opWQDlsSyQMbtgt2fGcG7MrWIM3F7Pv/A+nDK1Y="
)
