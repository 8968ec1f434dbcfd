from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "store_listings" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(64) NOT NULL /* The catalogue name (several versions share it). */,
    "version" VARCHAR(64) NOT NULL,
    "title" VARCHAR(128) NOT NULL,
    "description" TEXT NOT NULL,
    "docs" TEXT NOT NULL /* Documentation shown in the catalogue and after install (Markdown or Handlebars text). */,
    "note" TEXT NOT NULL,
    "bundle" BLOB NOT NULL /* The bundle's zip bytes (:mod:`runtime.bundles`). */,
    "source_app_id" INT /* The app it was published from, when it came from this installation (not a key: */,
    "published_by" VARCHAR(128) NOT NULL,
    "published_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_store_listi_name_4eb613" UNIQUE ("name", "version")
) /* One installable version of an app in the catalogue (the "App Store"). */;
        CREATE TABLE IF NOT EXISTS "file_revisions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* ``page``, ``template``, ``query``... */,
    "object_id" INT NOT NULL,
    "content" TEXT NOT NULL /* The file's text as the IDE shows it (pages: their JSON document, pretty-printed). */,
    "author" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE
) /* A saved state of one of an app's files (page, template, saved query...), for the */;
CREATE INDEX IF NOT EXISTS "idx_file_revisi_kind_f7a434" ON "file_revisions" ("kind", "object_id");
        CREATE TABLE IF NOT EXISTS "buttons" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "uuid" CHAR(36) NOT NULL UNIQUE,
    "label" VARCHAR(64) NOT NULL,
    "icon" VARCHAR(64) NOT NULL,
    "colour" VARCHAR(16) NOT NULL /* primary, secondary, success, warning, danger, info. */,
    "tooltip" VARCHAR(200) NOT NULL,
    "area" VARCHAR(16) NOT NULL /* CP_NAV: cp_nav\nCP_PAGE: cp_page\nCP_APP_ROW: cp_app_row\nPORTAL_NAV: portal_nav\nPORTAL_PAGE: portal_page */,
    "show_on" VARCHAR(64) NOT NULL /* For the page areas: the page whose toolbar shows the button. */,
    "page" VARCHAR(64) NOT NULL /* The page opened on click (by name), if any. */,
    "script" VARCHAR(100) NOT NULL /* The script (by name) and its exported function run on click, if any. */,
    "function" VARCHAR(100) NOT NULL,
    "min_select" INT NOT NULL,
    "max_select" INT,
    "sort_order" INT NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE
) /* A Button Builder button: opens a page and or runs a ScriptForge function, with the */;
        ALTER TABLE "apps" ADD "installed_version" VARCHAR(64);
        ALTER TABLE "apps" ADD "installed_from" VARCHAR(64) /* Installed from the App Store: the listing's name and the version installed. */;
        ALTER TABLE "datasets" ADD "per_customer" INT NOT NULL DEFAULT 0 /* Rows belong to customers: the table has a ``customer_id`` column, and portal users */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "apps" DROP COLUMN "installed_version";
        ALTER TABLE "apps" DROP COLUMN "installed_from";
        ALTER TABLE "datasets" DROP COLUMN "per_customer";
        DROP TABLE IF EXISTS "store_listings";
        DROP TABLE IF EXISTS "buttons";
        DROP TABLE IF EXISTS "file_revisions";"""


MODELS_STATE = (
    "eJztXVt32ki2/iu1eGm7F/GknTjJkLPmLGyTbjqO7QacnpxmFghRGMWipFFJOExP//ezd5"
    "XERRcsYRBCqZfESLVL0rfrtu9/VibWkJr8pG4bH+msUiN/Vpg2ofBH6E6VVDTbXlzHC642"
    "MEVTzTZ6D3QmLmoD7jqa7sL1kWZyCpeGlOuOYbuGxbB1nZgWu39hGlM6JPXbJtEdOqTMNT"
    "TzhNwwc0Y00v6l/uL07A2xRsQdU8IptHGJwQl3LWh9gk8aWjo8ymD32+zUY8a/PdpzrXsK"
    "bRzo+o9/wWWDDek3yoOf9kNvZFBzuAKYMcQOxPWeO7PFtSZzP4iG+L6Dnm6Z3oQtGtszd2"
    "yxeWuDuXj1njLqaC7F7l3HQwiZZ5o+2gGq8k0XTeQrLtEM6UjzTGQEUssXWFyr9HrXN51e"
    "u9Hp9SoRJgUUSxD7l3SLIYPhVbn4+nt8hRenP71++/rdqzev30ET8ZrzK2//ko9eACMJBT"
    "zXncpf4r7marKFwHgBqvg/AuvFWHPicQ3ah5CFVw4jG+C4DtrgwgLbxZjOA9yJ9q1nUnbv"
    "juHnTy9froHyc7118Uu9dQStjvGRFkxCOTuv/Vun8h7ivcDXdujI+JYF4QXFdjDe7/BdRf"
    "hNGoDfJOP7JgwvrIq9scbHWQBepinhMH7zOgXIb14ngoy3VkGGZRzB6GluFOZLuOMaExoP"
    "9SplCOyhT3oS/HGI0MMHDnH78+fVGug7zU+Ndqf+6RYfN+H836bAr95p4J1TcXUWunoUng"
    "vzTsjvzc4vBH+S/7u5bgh4Le7eO+KJi3ad/6vgO2mea/WY9djThktLQHA1QG2F66bG3Z7H"
    "N+J7mHYLnPdfuSiMPxBGB5is5TT9ZhvQ3QZ8XqVUXC4ylx06tR42ms2rlIrLReYyLLpOL5"
    "OktETxtLh0CFvyFiQmlEFHD7ECE8IVRfcDCLjGPQNJXoDchDfSmB4nKfli/53fzYGB+1cw"
    "eoKri9nsaI9zoX15UMG3wxdTV57K6+2L+mWjIhAeaPrDo+YMeytQ4x3r1ApdmbeN3pqcTs"
    "JXNKbdC3DwK/Cd58oWuxKrg7GfUsDY6ZQvyUAqxUexFB+eFwfr3V3zMmGZ9GKRxcsnSHVw"
    "ovka9ISI+EpuY8sblPjOVdlwv/qjAuk2ti92u4ZrZsJ2TpCfVqNSyQXcn07fpdEcnb5LVh"
    "3hvVV8l98sgnKHfktYYENkJcB63fm38c/OytE3QPToU/2fxyvH36ub65+D5kscuLi6OY8M"
    "7An9j8Uyju0FTY6Q33UuMqJeadav6wRfl+D7EoORx7Ghj4VJBM4RP3DCNNdzNPOFqbF7Dw"
    "4qBEUnTo66lRnlLnWG2qxbOSaw6FrmlEZtMTt5Qs6LGxqSelPqcEAtm7wSQ7mR3JKPEFrp"
    "AFOMYWAT89+b2MAUXiWyJScaG5Kv1oATx2PvCQOu1rD5DH8LuqGjjdwTcnRtuUSLDIgdPK"
    "PLRlKkIQ90Vgv65MS2AF2iuUhhODjciGaiEnRWFU/Ajm5an2BojUAG4ESfwWDgJ8dxQ2wr"
    "J7yl9dyaQN9ZFpUFxUZLSngE7eI0UqmTMZzACH4kGVgeQmwFM70GMMOjOXAXuEUMl4DYNa"
    "VLC4EYA+So3/9bv4+WWMPlMabdLT+hy/p9AUK/fywGBVwjbfFRICfDajTymI7fx+WYYZY7"
    "hnchIHXRYBDbpubCEydPr02nZ69SLE7QKnF1EvdWx5KBArxpUpBNHWuSZUxFKbcytna0Oj"
    "WDtyX4tgJ5EIZJGw32YnkgpsFdYI7YVGCABHM8WGTmnxuzTW2375w3qAUf/dfZbBAsERd4"
    "HBRG5gkMhoNZFrhXqUpwIlcWXWXRrW7douvZww25vkqpuF4UrseYhMTbR+wXyer2xfDQOI"
    "fz/oQyeUZcHR/nPvGHjy0KR7P4LW2hTq/P+zrAwZBk5FiZTIFE9GyoPi9OCGXEaWSYtOfQ"
    "qbEFtD5AXy2/q7LiRdm0N9WcZyLVYNPPWpkMjCsYoRrjefj8ag3KCs7DtAfLrmPQZ0L08X"
    "MDupmVFSauj+nQM5+LUtvvprwwCe3hc0HCTsoKEZqYOX0uRpeyl7KCZExsy3F7z1+5m6Kj"
    "Eq/f8KbPX7zb2pQOf4OeSrt+u3SCOuLnAgUH8I7fU1mRGniu++yj97nopKwQCSPG8wC6hS"
    "7KBM+O3fCWFATxDnmrGoS1rnm9kOYiRYgkE5ZLazSiDh2iBR3tDrrHXWtCHYI7jGbW0A6G"
    "BvbgepVYDl7TTJMcMWt+/TgmXHIHD4jxIPxDAINc9VtW/qWcCvfoVKjMF3k5bykLRjL6h6"
    "nLTmPBwMU+08K1IFCxDTEuM8G2kQ3UEFWBva+KEjTi79LPjBnxwxQObMymDRlZTNX4iJG4"
    "cbsFUC+WujqsMZsW2NB0LVg8TmD+ipcCloxj60WAZXNcmhQptjcwDT6Gs7lPWSMaI8Zk4o"
    "luCWeazceWS440eZQfeGxo0mP0T6NAMhPOs56jx/jnbr33dSf/wMFIHfz3efDfwEfsuZ5h"
    "Oa3zlTaF6esaejCUq6Tf/+nk9ORlvx8d+k81ztnPiVluTJRBcmxH0L4EMljeQR1yBYvRoR"
    "lMc2bxcC9oQoAPZr5ityBzAB3s5cv+wMl/DFivZyKeoga7Ua3veEzIjLIF78fogzbpID1D"
    "z5EdywwFfp43r+utL/EcDdovS2fnXzqNejh5UbCNZVRohOlKMJ1yUGksUMuu1AjTKrWGUm"
    "scEGuV9L1vIfEp6XtP8qE3NFzphhQnHy7uVtfKh9iuZ1r3qYTDZGi3nMLh3Lj/XuSuv5+e"
    "vnr19vTlqzfvzl6/fXv27uV8ikdvrZvr582fcbqvLNRPS2fZ99M8d9Fc+VHiTVR3LUfyKs"
    "NRdZWqyIL4pkfVrefclJBlO68skShzQdQOI/HJmktllaqMY3cXYpamx2f8WIvzjhV1ZUpb"
    "Yw2+Ut3NvBCHyBTSqZGOW4mfxDl2LT58xczOQHaoHWNtfBLmgKx0QJ+enaXKunC2JuvCWR"
    "jrAcWkI1GYf23fXCdokOcU4bO6obvkvyLDwOEdL9Ygi1Cs192H1fShkzZ2ENbdayM3zpae"
    "DPucQKG+Oep+ZpWM6/cqVenWlR0k8ohR/q3J3GErWBNhzRBWvkut4NxlJ0YnuOzOk6wRDF"
    "xiVFLXcrlhqGyku5Scuau5XkyYDOLbYN4kYkhZwXpBnePqiqL7lGZcYyv1i07zc6NGJHWX"
    "Na+DKwYLrrXv2reN68vGZY1wj9sU3kKOr73r53TPcSjTs4UgLNHkmV6zfZnP/pcmRVxygr"
    "hIejgVfZCMe3ktDCp/Utm4HmC0nfxJ0UjEkMF3hzmUiilLr4+6hbsubKfPRCo48ZesosZe"
    "U0zklH20Po9wfcF1y6ZD4n8oJpLFNE/oKy+S0WruInjWD6aVMbQRV8uMKOchp4qRuUZWDU"
    "bu0/Iq1lRLKbQugyuhIqZ1b2AkAuHU1pD7xAbQdMOGezhUZJ5W4APcsxwinhUX3bC1fpX4"
    "XCzxmU40w8wiNswJSidAn56l0ZhBqzX2jYgqcgQPzmzlXyEqnWJyN57UcAx7tGD5zloaNk"
    "JYQqeKnVjuDN5bqFpCJxTLMqnGElbmZbpwEAgQ7grtYGHJ14x0fnNztSL1nDfDkTV3n84b"
    "MN4F9tDIkG64UY8hTrkogJEYeJa4GcZQ5udE/lOhd0al4CmvqK8UPN8j15MUPJFC10KG2b"
    "TS9TKxKo9bHFZHZ/j+Ep4UbkLvNuZqPxk6igZyCVJ0rORcj1FihXOyJyuxopng0yixOGYy"
    "JWg8FrWhMF0e/CfTZvzACXbKyREmcKySICdo1afCVKqzk5OT46qoXuWOaYw2a7sP6LLmZQ"
    "PIxgZw1JlVydAYjURlI1jFsPLRiV8Ji5MHSm2/jJr1yOYl1lJqxv6oPMAvMVrmHr3/UvFn"
    "hYw/CziVVg0RtC+y9qHS7+Oc6PcxxUcwL+QvMSv6fZgXkemWlihnl4k1nvSJU2SdI/33ey"
    "QI2/d86+UqpskJWJZICj34MZ8H7gyw0rvwMUTjwiYFaz/hY+sRyyDKPYPX/CUePYAJ8MBD"
    "g26V2A513dkLNJTAxyRkDNn6E/acIwaO5mMrUxjFgkJpvlVa1O9Rg6Hyh+xdllX5Qw41f0"
    "iLjmCWjTvWA40VXlfuV9cJr45sCRIZNE0pvN5gcXbOPYrCnyAngvyEiAfyQNwU6kMUICdE"
    "g74mhjl7DxQex6LIGkHnYldSRk4J239El4GIDn/I48bj2DKpT0CO8IpoRB7hOALiLGxmMm"
    "c9Jrc3DezE4GTgYJvEpPXKxWOPLh5fXSPL+ctvXjr3ju2Hmck5kgXbBYUKdn8a37lL2ZrM"
    "Ak8HoUR7KbSYeXPbaNU7N63a3Huuyy7u2p2bTw24FmiNu6z9pd1pfKoRPuMunYR3if2EoS"
    "ygzrSQh8nUATVGsyK3/A2kvBXCEgp5ByLUpbJV0m+2Ad1twOVVSsXmQrPZ45t5nPBtzmPl"
    "crAz/kpxahMWr1IqLheNywVJh9CSw2SNkmPpfnW9kkMOuCxKDqx0p+uUc18z4PdBZGYeYr"
    "iciO1o9p48UNslmOrcROPFo+WZQzLWplQ2oMP4Mnrb7PwZ2gglOG9VsFsThHJQx548OXHo"
    "62VBd8WiHW5LZqgqyC7ZRuerK4O7EvrILrlyf+0uKdy4eqZsmsUUgEopOeoCZ6+Fp9m8RC"
    "wsi6Z171Gpbe9W6nBPvFu3EuMlsKV+u6zL8Ntxa50F1aukaSDoUYThUiI+HlX+0M6zTUsb"
    "ymaydMn74GXwom7ZBuVd5s5rn8BdrG5LGH3Ed6tCD/eO34Ntm9Ba3qQO8eHFDxGPBWYR5B"
    "i+h+EmV8UKAuVUWawiWBv2m49ph74/i+kkBuURx6ptmjl34iQcvhEPqAmePRnpc9a1l7ea"
    "WWHMGa7hxlXLSgZ4TqAcodI4Qi2/WQTlZP/DEFkJsM7bxw/fKBPifvviQl259H0qRXoV4X"
    "3JoscqdPEXaXGDIxA5+qQ5D0No/LdfNDz9DDRH+nLG7Am7ecSeh4Kqvpgb1Kr6YvmqL8oC"
    "wL3Mzp0RugJXXBGsEWKqK3zKFoWTMWdQlTyOKcN7Op6SRRohd2zwucgrVssjWDdAbnygs1"
    "os57fXvZRlJb5kos3IgBLp6ziErgxMVgX3A9EV+pjx+PP7lt0BVJ1OVaezOJKTUl/uQH2Z"
    "lEPu6dxxWVLGsUWWNl/xhhF6wm34CJaz0Si4PLUMWAKDxjFb7vO6Ul7DxdLj4RjKqstbpl"
    "Fm0CcVQjnn3iuYK4hKvlea45FjJSk2n3bPDmhzRBpPKxaTfvhZBJf65afmdY1ow4nBuuyy"
    "8blxhd7aNRAIptTE7QxrBNze3rQ6WCHAxlypXdZq1C9vrq++1MjKc/fvrK0yJqqMiSpjYo"
    "JCRWVMVBkTlUQc67yuMiaWjOsx3nsqY+J35qiZQee1nCXB6D3Q2bPrnhgf6ewAp3tSooSd"
    "VphosOlnLVYv6N+prtMMUjbtTbUMykG0pACR4ViiLA0BYkO4HR71+7ZjoaP+Cdzv99F2LY"
    "l5vG5ws57QTfGDqd3zKqZDgjsXFmP020W7Rn4EKpfqMFx+hM5MD10JHUoY+lX59nTtHtji"
    "G9DdMZ2JBpy677sMqI0pjLUfMVkCR9lMHwePJSilSSuQSLck8h34qcv48Xvyo2npD/hYQa"
    "prDFsOaJfpY40B17B9YCSS8QkekyRA6w9Dn1i4fEnb0wtc+Yh/m8sKKBp8vvSYDD7Mgn8e"
    "HTjyJmYN/CPIXgJTUzlD7lWJ+kAzGef85iWUp3eidhKTPopvsrfJnKAEar283U3mi21G5c"
    "UKXY7Ki/mVg9Ve+BtUZrznVArtDGjL/Tkj2AsihXUGrA0+f/NseK8SKswzYK6UdclHlcNU"
    "2yhl3ffI9TTKuoB32VwDV6lKcETOQQRRaVifL0BHVI8qDWtljXaxehBpWH+1BpUYHSVerq"
    "6NtBZQ9b5ag9TlQoBbmAxVx+gYDIL2tXhk5DEdW1WJjVZcEerMMZSYcM+ZGlMReowlOjTH"
    "jat5u7V+01T2EMVIsLHjCSOJqutRzLoeAfOzbKzLNDluqxOALqet9eXLNFvry5fJWyveC0"
    "UVAguiKGPFg8+oxksILfSJwudVQ3fJf0WYRqlMi4jGek1fWKkXOmxiB2FN33wp2sSdb06c"
    "40B/1IwghUcWd77f681O8/rnGvHp0aXvqv6lcYkOfaY2o8Muq190mp8bNSL9r7rs4ubT7V"
    "Wjg210a2ILE0+Xfag3r/DSSDNMqQ7av3uf5qLFyuW9iTaM4WbyATVMl9859WVGBtb9VyVi"
    "q5W78EhzyJFGdFMzJsAiD9BGw6HF4FF0iqFfMgTh0XIeqEOGBo01V26z5x17YeE4CpiWgc"
    "9hMuXeFgYWD8LWaJR5D1qiO4BtqNLv/9mt4Bt24VcXPhX67lbgNbuYXQ2GN3MNzewCZbci"
    "1sXehGNTgP2vfh9N3fhQcuRQ15kRzYUZodOYObXD5+x5w/SP7JFx8kRSM2+L3lApJuIWzu"
    "qV3zF4Fhc5kM9ENKxYH9FT4lFUQ/R3UrzN3xN0l3DEdX8/FS4PMUNje92WzCsrZIDF7mLW"
    "+CfWo2XCA1iQCnsuhluxFqsn4F+QKfA3B586TlwZuSewn1Mp6DeHXhq5MxoTVoiULSGNLc"
    "GHTDgMZj1MhGmVg3WRt3Jli0+eZ4dplVW2+O+R62ls8SODbZo5JkSq1vTisDk6u5UnwHa1"
    "b74hOFsatGUaharyr8jDvyI6aLcAaXveUUlRXZmqRXJc+fi5wVxnVolxXgluVdc5sDxMex"
    "RaGTRDmYAHOluk7/+B4+8XIlbFz71/pH/7+Pn4fVDXhvgP8IPHpgY34OHxlQK21/VOI82U"
    "A0teDiwqJM3X4Zz9dJpChwOtEnU44t7hhaTt6UC/i6C0B/jO+NH8tKdKQJujctJHLxv4lX"
    "anJdxUJHWX3Zz/2rjo1Ig1+Ep1N7zqpxn6aZSXyarLiOKyQOW7nhZwVfWuDWuWKu3Vd6i9"
    "UloNJX/vdnE80PiGlscqMSIiXq6miG9wvLTFVmW5t6mly9T0cYEIcBTwXN2aALUO0x/+1W"
    "zXQ2kOwbVMivdtLybIYdudbzmJs5IK85IK817nczmnVa7RYRAdxXC64TjlxhBr6sxEMqKj"
    "fh8ewh5MA2aBP+rhN/nQvGr042qKPL+7fHTmWTMeh8hKIYnmEKCiQoHyQhqDSrwYx8f0IS"
    "lezgXHNlisbj7CVvuA+aJRvMdwEod+FZlzuqzRat20akS4s3UZnutv7jqwRoK8BMtQl31q"
    "fLppfamRCZ1YzqzLLurXF40rEZOiIyZmYcJS4On39zTGky8dL5fIC83MXzqd2xoZu67dZf"
    "XbZg12CKPLfr05r6ETMzCodXMNvHEsBgwHXgoFjwO8FBqezzfNi0ZNlsmAtldAr5tAf1v/"
    "GS5jSrpCMbPn0JgoiTV1LVfJiusdWPkdc/CNhGHEcIGJwkHdGFbFMXlMhx4WOBY/kXf05C"
    "TOt32TLnKuRIExzkmTMsERbU5RaPZZK9BjfZIq2sJgSqIlDENN+Iy7dNKtxHEuI/UeCi9Q"
    "QI/He0kk826Vqrj82/AIsv3p4UcBbqD7XKU8mECf71LDPfQcoQbpTWKOmh9MS0sqZ7tKF2"
    "LyCAl3NaNenmSMmd0GYy9v7s6vGuS21bhotpt+wMGck+ImXlokI2s16lfhDcf2ssK8IFEI"
    "p0BYigI9m2oPGdQ6IarCxn7vzS3RtO6zR+AFRM+KQtpsy/2fQONABp5hgnjBT/B5/8h6lO"
    "r3//izC8hNqR+iO6GcgyAif2hut/LXv/r9yBkqPZkK7iuO8kwF9+0myn5l8MPRUH/oVv4X"
    "/9atIfX/dKjGLQY/loLeE4Lpn9XdvpPM7MW9u2DzbMfW5fy9kQuG7/OdkeENyPXd1dW+zM"
    "xtX0VUibE1z+9VUxicA11TSqtzy2NRUzCx8CIqLdFd2JEl0qqirCFW5tCEPpr8x2Ixvsjb"
    "6FCVCC5WdQtlAMvLAIZTJJN21skb4fxMubvQo+I6g8tMJivGEk2OI/muc3GoalSV0XFf8h"
    "VDHLIWt1iiUkVn0xdaYPSb8O/bwFoQIj0Uf3hck97L7GyPY8OkZGhwMXSix8C1LUtsWxAV"
    "MDcbFCFSlQWg8Hxe5660hsf78FPKK1/S1l1PVAqdZOgPMxxFpdD5HrmugpBUapXDRVWFdu"
    "00tEulVilVahUf+VhTRsCTpwwZ6ewXyZiuy2IiXkoVzN6nScHz4mC9u2teJhzrvFhk8fIJ"
    "Um0yzfcK8Br0hJD0Sp7Dlk9Y4jtDOqiMEWAq9CubPUYAFItvihAWnzZHId9f37Ko9Oq3tx"
    "i0YndZ+6LVvO3UfNttl122mp8brRoZOsaUOqvBKmF93550A1ZcxZvkHDxB+xKoXfJOwLP8"
    "mhkQD5Ep4DMDn+RAnXgCSXSf3mWln5cvD8Wv13d8ngwyQLpCkx+qb14fCKaPmmlmG6RLFP"
    "mO0kMZpsLLs/eQZZQuk+QH6tlPpwcCqXThzobpCk2eI/X0UOa+ad1ng3RBoFbSCJqarsdW"
    "fkoncSyoc5U5DD93aDaxo/mx8UWEywN1l93enV81L2rE9gamoYMw0mhjQBRII9JZtBgCB4"
    "LXM42J4fZs6vQmBvPiKqgmLydJ9DlOhYPZAv0sCT3bMSzHcBOy2T49K+L6yXF+BJ4vWWfI"
    "ZbNdPxeZPYIeuuxDs9UGCX1kOBwE9Ks6/kCXgmLMjilWSY+TDxPnwxJFYcuSVjpjCoBOBt"
    "TBvGlYvRALE3KX1HTAntf6Uqn9WX5L/z0ZeBObDslghuVinRnRxxq7p0jc76MKot+P+kvt"
    "6iE7nqPKOyN5th2mnV55Z3yPXE/jnRHwLlt9wFWqEigAc4hSUH4wz9+llMfGTj02kh0LFj"
    "hjFeco0Oc+1YePLWpqCZYBH+NfrUGJMF6VbvzEwJuD46cgPkgf8PXYrMSwbg7QctxsGYeQ"
    "Lz09G6UlwaJMUO3ewykALdHRaQnVJwO3l7n5dNw2yoso5qHAZ2EeYm0K0qDfx/tAJhQyFm"
    "aDEE0XIuI8QBtOf5zExnHv4gGxPlkLf79AG6A8s/bpmXUgWpzCI3xIbip7Cvrahb8ESLDj"
    "uBxDyRLqgkJJp2mkUz8bURaIl0hKh/Hp2VkKjKFVIsbintKrllvDlkavquJ1trX9FipZVt"
    "EAPvj4ElgBNU5jA0yCW9V1EtdQNlIhJqUWZFSISTJ6KsRko0xJr9JkSnqVnCnpVSRTknKr"
    "34+YiO5XusddaxJXDmNtuqQwaY45k+ZXMrivtKxHTgbUtNg9cS0SvDmvCS8TsSeSscaJho"
    "4j/k3Y8/t9Ij8ZK2EMiW05rmaK0hg8oivc/iO67MgdO5Z3PxZVcLho4AeGHhNOqbjw6Bio"
    "fQRZAB9kOPMn/8CJA++UMdnQFnNDYY5LGnPITOextqDOcWZL7DLO78rFXbtz86nmI99lHx"
    "tfep/rV3eNGlZO6Ymq51121ahfYhc1AtNq2PM/bv8eaxLyhDzvScq5OcnBZ3lHGGRSafwG"
    "+VfwivKX36H8IV9V/u2/pUzrjjlc5Sy3nCF14rJY7/pxe068F2hdsvnGrFKVYBfPQfuoNG"
    "PJ6JdXM6Y8DsvG9TQeh8oPbsuGyMXZOwOoIaoC12Oo1OcSwAuuW+gf76v6iMHJ1OAGHhpA"
    "QnGxVmPQVBwnQE6R8kfk8KJcFAuqns6SVCpZ1M8M6sVSV+Ud9VvrdEPmhhadzLU6lnTrE3"
    "yb3vOdUZuio5K5pO7STLMALMZQs4Lmk6aaXoiLTzvI1UFCNh+IpCOOxxjgE4xP/L57x/LY"
    "sEYMlxPPNi1tWCXwJAwV5FViOxYeZKTiyaHYSdwc2ckzVPkTZUgqFMDbMSSty5b9tE50L0"
    "mz5ZzNHrt7d3t1A2eQyxoJeuiy3+4ad3gFHu/h79bd9bWsBi/XjS5r311cNBqCjHu6Tqmg"
    "+1BviijgkWaIGOCL+vVF40pc0hEpM4gt3rs2dWQ5kzgBfU2RoDlFnopuPs1H/5VG+5Ws+4"
    "povkbA/6zG2GWa0ukXd+J5N5i5lMPeC+fXmOOicZ+4m4YIC1tRt3KOLxpEmcMpGwvfB4cT"
    "PImMrUcCZ7qZ32Qi2vlnHLTiob4pehbaWq/xm/vfT09fvXp7+vLVm3dnr9++PXv3cr7LR2"
    "+t2+7Pmz/jjr8yIKKaEslMfKdNBkFAV9gxkPVolTP6/MGwewNt2EMjbgwD1lnnI7TFNs9v"
    "4wy2Rbv1GEZuZoeIBdFmWBczRHHHSE9A5sW3iECdbHpeIimG6Rkfm9n03LY8R6dEfDQ5km"
    "OHICpVjCP76cUA5P0hwXNtkBAFdgeXfnOPyYt/zB1G/ArHqIHCGR/dj3b3mH0XMId1bYOd"
    "aYVMbUybbUwCRHlooZvgv0yqeLAhD4SiLMu6uaA4gNqSIvA20CiKFydHtQl1x7U+PNaZ4e"
    "KLTi/AB8ZH8IdUpLak+tC1el+5xfrHxGJi9WMGH8fV59vZU/a8OiYGpyU705YrOC1vR1rl"
    "+aQ8n/Z+ZD9QH5hUMYGu5mzG9VVKVU60OI5OUS4HW+gGbA6RKj4Xmc/Ko20bptrVSvPCPS"
    "ALpqtEClfljpa3O9pwEaX8TEyX4p1LiuvqbC1SGHobU2L9huJyJS4D2OJudW36L2zXQ6nb"
    "oKl9m/BZQyJEdZFui2EJrxpp/3YldJiot9TQS8/TTMJtqhNrit55Lg+8+HiVPBrumARsDb"
    "FsB4/oMltzoE8XWomwMH5CGt/gO82ZSDAmMlfDXt3vkyNmsRd0YruzY2E7hOvwAAz84eg+"
    "lZxLTAXfK5+pggCsgu8Pob6jir/fk9oQCTIA7jcvxbDOHWrYO7OYS4L2h2AsqQcnEHlOEe"
    "eQoxqcskJ2DHF+OCYGMIJqQzxrBOeYOK/urfS5Z0PIVHMyxbUH7Q/Ys+BSNvRPl4EvWr9f"
    "Q0zg9Dg/f3Jy1BUf3K0cR/m/eTcqCL0IW5kyxShTjApCV1xPwfUYnb0KQleq5ZwlgR0WY9"
    "ml+hMw79CJjXXqKjH6z+Xb1XUKUPw612+ZVgHKCH0x0QzAtP2pjarIXzqf8Owte1noK8nR"
    "LxobmnQAp7QX3J1hzDL6eMac+rfSpdJK7n2tqSqtpNJKHrZWknuDr1TPFEm5RFI6Ee4sFc"
    "ZnazA+i2I8dieZNJBB+xKgm7sCchKjiVqj653kHeZdGqA1OKzErMxrdL1zigPW+7XFR5Cp"
    "5hj4PpyM4PQm0tA4dGrQx5jgoDQUSptXhDmktHlKr6O0eYrrKbiutHlKm6e0eRtq884914"
    "0vZerfqa7T4Q1Em9Tui7JL+E9Y0omkrhHLpgyrBGDKf3T8+xucyrBOMlySxZZgJMGd4Njo"
    "+xfCuS2qzdv6I7qMA6t0GI2itAA5whsGI/3+xGA9ea/fPzmB33BgCX4fw4M4BpprWBxBZX"
    "dTOsHiAbwdnSB8G41RqCRLKnOCEmoF37xOIaW8eZ1cKOh1WEYx9DgPxWR0g/alkwC3Dy2A"
    "ZnmZKsYuKHKE13aMiSaDCbIoR3wyzDsKuA7ln5hdkKN/vuZg6sEqGWLhbqdKDDayouqSDf"
    "vIOf2ga1mma8ScP5MZuURSuolymkprfrpGa34a1ZprIBnGA/x0Bs+AtsjrfeXitndd/1wj"
    "ut1j2rTL4Pdt/eeGuIBnRnGlfnvba938Li7iaR4OhF12e9Pq1K8ktcx/LXvwr8te/Bu2n2"
    "9i/zk7+RjE52xbyxJJcScNCp1SoysO+jD0/Gpk4vfj2OKYvdwyB5pD8IO4zNkspIToAvjc"
    "znLe0eyM5bntwqc/EflqBNoowIE8BaKdbhr6AzkazESo2jFsPOiiMYvPdZOBNmdmJdUjXj"
    "MB5xQFZ5i8sIBZBPNhhCD9JvNgzeVslMHnfFnPyW10mr9JP3inLHxepikup4vkOLFQxWRQ"
    "lKwSlSYt29ZyLCz0WVlAXSEqcM2gvcHKsZ6FKGCYAdZVIjVWIxWulNE8ZqlVRnNlPq0po7"
    "niujKaK6N5saA9bKP5rSZGRsRkfusrVJIN5qKqvWjylLk8GUoVbLL3WV1VhmUVbHLAZmXX"
    "cOMcxtdYzAKC0klJO7GXwUt4E8oypatfpsnfK38Dm9lcvx68OTmq6abGea2Pl4N8KcFdsT"
    "te+j/6WHYDsYgJydxiv3v25deErTx+nqUwnM6pc5x0lo19WjIpTJbRcHt3ftW8qBHbG5iG"
    "3mU3t41WvXPTagvnO9lnYBUNDKJh1u/HFupYJs2UM2dOUIzgGXxe5uCZ39G/sd+fs6YPM0"
    "eMN2nhFJ9INNO0HumQHImkjDVCpyIrpE8jGsXM3+12rcJxirdnKs2i0jGttFOaRcV1pVlU"
    "msUCQHvYmsU6dQx9XInLqyPvVNem1Fm02ap6UekT96hPhIMxz+hBtERSQnXYTup/xy6ZyQ"
    "j7zUuI7k4ctOCJbkZ12BLJIWjDtqEd35oAGzka5LmZ/fX/g6Fo6w=="
)
