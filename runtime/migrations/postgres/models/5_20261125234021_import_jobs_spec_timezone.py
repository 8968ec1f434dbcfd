from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "dataset_import_jobs" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "status" VARCHAR(16) NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "bytes_total" BIGINT NOT NULL,
    "bytes_read" BIGINT NOT NULL,
    "skip_bad_rows" BOOL NOT NULL,
    "header" BOOL,
    "mapping" JSONB NOT NULL,
    "rows_read" BIGINT NOT NULL,
    "rows_imported" BIGINT NOT NULL,
    "report" JSONB,
    "message" TEXT NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    "dataset_id" INT NOT NULL REFERENCES "datasets" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "dataset_import_jobs"."status" IS 'UPLOADED: uploaded\nQUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed\nCANCELLED: cancelled';
COMMENT ON COLUMN "dataset_import_jobs"."bytes_total" IS 'Bytes of the stored upload, and how many of them the import has read.';
COMMENT ON COLUMN "dataset_import_jobs"."mapping" IS 'Source field (header name, or 1-based cell number as text) -> column, or null to skip.';
COMMENT ON COLUMN "dataset_import_jobs"."report" IS 'The import report (:meth:`querybuilder.transfer.ImportReport.to_json`) once finished.';
COMMENT ON TABLE "dataset_import_jobs" IS 'A bulk import running in the background: its upload, settings, progress and report.';
        ALTER TABLE "apps" ADD "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC';
        ALTER TABLE "saved_queries" ADD "spec" JSONB;
        COMMENT ON COLUMN apps."timezone" IS 'IANA time zone in which the app''s natural-language dates (\"yesterday\") resolve.';
COMMENT ON COLUMN saved_queries."spec" IS 'A visual query spec (:mod:`querybuilder.spec`) instead of SQL text.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "apps" DROP COLUMN "timezone";
        ALTER TABLE "saved_queries" DROP COLUMN "spec";
        DROP TABLE IF EXISTS "dataset_import_jobs";"""


MODELS_STATE = (
    "eJztXWtz2kjW/itdfFl7irgcO06yZGu3MCYzTBzjAezZ7DAFjWhAsWhp1RIOO2/++9unJQ"
    "G6AcIgJKW/JEbq05Ke07dz/6s01YdEY2dVQ/1E5qUK+qtE8ZTwPwJ3yqiEDWN5HS5YeKCJ"
    "pthQe09kLi7iAbNMrFj8+ghrjPBLQ8IUUzUsVafQuoo0nY5faeqMDFH1voEUkwwJtVSsna"
    "Em1eYIo/Yv1VcXV2+RPkLWhCBGeBsLqQwxS+etz+BJQ13hj1LpeJ+d2lT9r016lj4mvI3J"
    "u/7jT35ZpUPyjTDvp/HUG6lEG/oAU4fQgbjes+aGuNag1kfREN530FN0zZ7SZWNjbk10um"
    "itUguujgklJrYIdG+ZNkBIbU1z0fZQdd502cR5xRWaIRlhWwNGALXzAstrpV7vrtnpteud"
    "Xq8UYpJHsQKxe0nRKTCYvyoTXz+GV3h18frNuzfvL9++ec+biNdcXHn33Xn0EhiHUMBz1y"
    "l9F/exhZ0WAuMlqOL/EKy1CTajcfXaB5DlrxxE1sNxHbTehSW2yzGdBrhT/K2nETq2Jvzn"
    "6/PzNVA+Vlu1X6qtE97qFB6p80nozM4799aFcw/wXuJrmGSkfkuC8JJiPxgfd/j6EX67Dc"
    "Bv4/F9G4SXr4q9CWaTJACv0hRwGL99swXIb9/Eggy3/CDzZRzA6GErDPMNv2OpUxINtZ8y"
    "APbQJT3z/sgj9PwDh7D9ufNqDfSdxud6u1P9fA+PmzL2X03gV+3U4c6FuDoPXD0JzoVFJ+"
    "j3RucXBD/Rf5p3dQGvzqyxKZ64bNf5TwneCduW3qP6cw8PV5YA76qHmo/rGmZWz2Y78T1I"
    "uwfOu6+cFcbnhNEeJms5Tb4ZKu9uBz77KSWXs8xlk8z0p51ms59ScjnLXOaLrtlLJCmtUG"
    "wWl/KwJe9BYgIZdPQUKTABXGF0P3IBVx1TLskLkBv8jTBVoiQlV+x/cLvJGbjfvdHjXV3O"
    "ZhM/L4T21UHFv51/MbGcU3m1Xave1EsC4QFWnp6xOez5oIY7+oUeuLJoG741vZgGr2CKxw"
    "Ic+Ap454WyxShF6mCMTQoYYzvlSzyQUvGRLcWHbUfB+vDQuIlZJu1IZOHyGVDlTjRfg54Q"
    "ES+dbWx1gxLf6ZcNj6s/ypBuY/9it6VaWiJsFwTpaTVKpVTAfX3xfhvN0cX7eNUR3PPju/"
    "pmIZQ75FvMAhsgKwDW686/9X93fEdfD9GTz9V/n/qOv7fNu5+95iscqN02r0MDe0r+p9OE"
    "Y3tJkyLkD51aQtRLjepdFcHrInhfpFL0PFGViTCJ8HPE3xii2LJNrL3SMB3b/KCCQHRi6K"
    "RbmhNmEXOI593SKeKLrq7NSNgWc5AnHEmnOJgnGQV+qgJMPam6larb8t5Vt7Yx3JHrfkrJ"
    "9axwPUL3I94+pKiIl6tX9L101pthk4UHx7VL+fFTi2g45ojjCs11OnvERdJh+KbQV33wQn"
    "x+1QdFBedp1iOU90NeCNGnxzrvZl5UmJgyIUNbeylKbbeb4sIEPb8YJOikqBCBFouRl2J0"
    "4/RSVJDUqaGbVu/lK3dDdFTg9Zu/6csX7zaekeFvvKdCrd8HtT7YQ9VydrwoI8TybnmtLQ"
    "La9TR9nC2DxLU6/lFsEn+/uLi8fHdxfvn2/dWbd++u3p8vjBPhW+usFNeNn8FQUV4VGDZb"
    "LpJLdWlKc6nyI5/C3DYiPJ/TuunwKsTseP2Yn6qAzo379yB1IEtkYl0l2cllImP+L/sxtQ"
    "YhTWoZ9FMVcewewojFUYu0X63F+cCmqyIZYfXBV6JYiRfiAJlEemuko1bijThHrsXSHhQL"
    "skmMCCe2jTB7ZIUD+uLqagukeatYqMU9P9YDMtLNiFXj13bzLhrmJUXwrK4qFvo/pKksh8"
    "eLNcgCFL4Deci9IOhJEDhpQwdB9wI8sqJcNONhXxBI1HdH3ST8s1nS9dtPVbh1Zf8LuGok"
    "gddpLWGNhDWB7fSQWsGazSx9KhRwIZ3g4l55nUZQcVtJF+ViuShL39pDSs7MwpYdYQMBfO"
    "vUnoYCOXxYL6lTXF1BdJ+RhGtsqVrrNB7rFeRQd2njzruiUu9a+6F9X7+7qd9UELOZQfhb"
    "OOPr6Po5xTZNQpVkboIrNGk6i7Zv0tn/LrcA+TIW40vpJCgtDNJJsHhc36uTIIfE4rvDC5"
    "0EvANswcIdj+qck46ioVRFnlzxiim6QYbI/VDI6DRTmcrfBlk6sibYWjSFYAQIQwAHGqyF"
    "Qhcy5IzhG5lrRC9v5G4WvyDhxZYy2Cq4DlRI08cq5Yc0xIiBgfvI4KApqsHvwVBBI1OfIs"
    "4Hfk83kXhWVJquvfUrpcFsSYNkilUtySl4QVA4efDiahsFEG+1Rl0f0qyN+IMTG619RIXT"
    "sx1E7jYwY886X76T5u0KERbQR+AghiiV9Zaag8AJRdc1gmnMyrxKFwB7wAkPhba3sKRrFb"
    "luNm99h/jrRjCW9eHzdZ2Pd4E9b6Q6OS3CDjCMMMZfrDfje2mkd0bsZhhBmV5SlteZ3hml"
    "vqK4kqvUV/yIXI/TV4SyEAoZZtc0hKvEMndZdlgdnuELQTqR/BigkjnMNucwU1bMyn6UE+"
    "cxW7VQ5wzkOLVTOZDLLDDAspTPrEVGfP5NOvoToaUIJZbvfnmdEst0WvYsaLqlEqsJyUcY"
    "s8kQueRIkJ8h8UAGieAhQYlYgdFIN6cI876mqjb/wClsxrkDiimDUMuhDOmz9v+ILnXSWT"
    "Khp3yecPnHJUAncEU0Qs9YZK3nclkZ6aZoqmgqdKIyNDChzanUkmVQS/bVUpPoFNzmhdOQ"
    "7d/xzJkjiXRjCwrp/r4Z34VWfk2swWa3lHAvWVaSlZr39Va102xVFgaILq09tDvNz3V+zd"
    "t4u7T9pd2pf64gNmcWmW5nVTq0Y8oS6kQLeZBMnlcjNDzOlr+DxOcjLKCkXyRxL0Np5yWb"
    "D5qRfCelnawekQ/+yroCReVyRgIkWs4wWaPkWLlfXq/kcAZcEiVHlSKsKIQxVzPg9oGcWD"
    "2kWgyJ7Wj+AT0Rw0I2tVSNX0bPuq0N0QTPiNMgsqrenjt/gTZCCs57FezW+PHk6tiTkYz0"
    "uVgvM7orZu1wm1NrZZyNOiO7ZJwf62b/1SRuq3TpKepWeTU0bAm9+wmz8GjkXZ7pqkIWjU"
    "8jt74XdCXV7tlSu8MYSuo7uUojzxEbFcQp+/9mTJaSDsA+pPPsAGzqcWVtNts3PNoUkYbT"
    "ik4dQ1ai+Jmbz427CsLDqUq79Kb+WL8Fc0cFDcmMaLCdQdjt/X2z1YGgWwPiNbq0Va/eNO"
    "9uv1SQ77nHt3ZIr23ptS29tqXXtvTalhKx9Nr+gbkuvbalpnOnjALYUHtPZP7COPmqoX4i"
    "suTAllpBt0hThF5wWb4pXjO4WihqO0uZYSBOpJo6nYKzLCdWoTN00u8bpg6WrjN+v9+HPA"
    "Fu3Zdo3eBuPXW5pPVRw2NWRpjBnZpOKflWa1fQT5zKIgofLj/xzjSbMIRNgigXxkzEJvoz"
    "f+aYswWJbJCgeJyLBoxYH7qUU6szPtZ+Am9jBrKZMvEei0BKQydUt5DBucCEwzCZgjaTsN"
    "MP6CdNV57gsYJUwRRaDkiXKhNMOdegveNRPnQNfDZ1SDitOwxdYnghFWRjTXslCkC6t5mT"
    "hQHzz7eNsYmH3ofp/J9nkx95Y2P6/xD85/f41Cz9KZWoR1SiPpFE/rVu8wLK0wdRO4lJH8"
    "Y3vtDvgqAAar11B45DlPhdLLYJlRc+uhSVF4srudVeuBtUYrwXVBLtBGg7+3NCsJdEEusE"
    "WKts8ebJ8PYTSswTYC6VdfFHlXyqbaSy7kfk+jbKOo93g0TSh5+qAEfkNIo1GUbCSmMLAh"
    "kmtjmtgavI8GObOKNB1eklZ9Bum8xgOaKylMcAau1G6CjdErzxCkoHqkXJ323ybnJuQTYB"
    "BWsaOBhiV4uHRjYVhdHKyAArLgNtHNPB157Z5kydgfYN8UXXwqYVlXdzb/1udm38Q2SfF0"
    "PYtIWR5M9EijpZqhXupVGq1WN+ko11lSbFbXXKoUtpaz0/32ZrPT+P31rhnn9rBRaEUYZC"
    "RY+gxouG2iOSdZ92r/u0WIp2cedbEKc40J+xagGAyfAv/V5tdBp3P1eQSw8ufbfVL1Axg2"
    "9LeE6GXRqstFFrfr6/rXegjaJPDWHi6dKP1cYtXBphVctKlQ1sgcXKYr0pHkZwM/6AGqRL"
    "75x6npCBVfdVkdhqnV14hE10gpGiYXXKWWRztMFwqFP+KDIjFKlOCMKzbj4REw1VEmmu3G"
    "fPB/bCgnHkMS0Bn4Nk0r0tCCwchPXRKPEetEKXg22o1O//1S3BG3b5ry7/VN53t8Rfswvh"
    "iXx4U0vFWpdTdktiXexNGTTlsH/v98HUDQ9FJyaxzDnCFp8RComYUwd8zrELJdq7OEUtqX"
    "IT91n6fUKcahBcPkNTPHfWR/CUeIZUbd5OCrfZBwTuEqa47u6nwuUhYmjsr9uCeWUFDLDQ"
    "XcQav2E9WiXMwYKU2XMxvxVpsdoA/5JMgr87+MQ09ZgSwGuwX1BJ6HeH3jFyJzQm+IikLW"
    "EbW4ILmXAYTHqYCNJKB+ssb+XSFh8/z/JplZW2+B+R69vY4kcqVdlkJ7YHSOWanh02h2e3"
    "9ATYr/bNNQQngtRHI1GV/hVp+FeEB+0eIG0vOiooqr6pmiXHlU+PdWqZ81KE84p3q7zOge"
    "Vp1iO8lUoSlNx4InPhYSKC5P7G4PcrEasCFStMgk6Ub58eTz94iSGR+wA3eMyt3BtWq+63"
    "64NGmkkHlrQcWGRImqvDuXp9sYUOh7eK1eGIe/kLSTvSgf4QQWlP/DujR/NmTxWPNkXlpI"
    "teMvBL7U5LuKk41F3avP61XutUkD74ShQruOpvM/S3UV7Gqy5DissM5b/dLODK9Lc7Jv2X"
    "2qsfUHsltRpS/j7s4pjT+IaWHV25wN5QsMCVe007UUlGOtMVkUUnMhCBHwVsS9GnnFrh05"
    "//iw3LBmkOwIVyiPy+YUcEOey78z0ncZZSYVpSYdrrfCrntNIdOAyCoxhMNxinTB0ShOlc"
    "JCM66ff5Q+iTpvJZ4I56/ht9bNzW+/0IN7WXd5eOzjxpxuMAWSEk0RQCVGQoUFpIQ1CJHe"
    "H4uH1Iih3l/ZipkV1qfuJb7RPkiwbxHsJJTPJVZM7p0nqrBSU1hTtbl8K5vvnQ4Wskl5f4"
    "MtSln+ufm60vFTQlU92cd2mteler34qYFAUw0TITlsKfPh5H1Snfjpcr5Jlm5i+dzn0FTS"
    "zL6NLqfaPCdwi1S39tXlfAiZkzqNW847wxdcoZznkpFDwm56XQ8Dw2G7V6xSmTwdvecnpF"
    "4/T31Z/5ZUhJlylm9kwSESURvwgGyLLrHVj6HXLwjYRhRLU4E4WDujosi2PyhAxtfvx1fg"
    "LvyNlZlG/7Ll2kXIkCYpzjJmWMI9qCItPs033QQ32SMtjC+JQESxiEmjgFiLulKM4lpD5C"
    "4QXC0WPRXhLxvPNTZZd/Ox5B9j893CjAHXSffsrcBPr8kBruoW0KNUhvGnHU/KjpOEYUDt"
    "AFmDwCwkPNqPOzhDGz+2DsTfPh+raO7lv1WqPdcAMOFpwUN+HSMhlZq169DW44hp0U5iWJ"
    "RHgLhB1RoGcQ/JRArROgymzs99HcEjV9nDwCzyN6URTSblvuPzyNAxrYqsbFC3YGz/tn0q"
    "NUv//HX12O3Iy4IbpTwhgXRJwf2OqWvv/Z74fOUNuTyeC+7CjPZHDfYaLsfYOfHw2Vp27p"
    "X/C3og+J+6dJMNMp/7ES9B4TTP+i7o6dZOYo7t0Zm2cHti6n742cMXxf7ozM3wDdPdzeHs"
    "vM3HZVRKUIW/PiXnkLg7Ona9rS6tyyadgUjHS4CEpLcBc2nRJpZVHWECpzYKGPRv/TaYQv"
    "8j46lCWCs1XdQhrA0jKAwRRJpJ0100Y4PVPuIfSosM7AMpPIirFCk+JIfujU8qpGlRkdjy"
    "VfUcAhaXGLFSpZdHb7QguUfBP+fTtYCwKkefGHhzXpg5Od7XmiagQNVSaGTvgYuLZlgW0L"
    "ogLmboMiQCqzAGSez+vcldbw+Bh+SmnlS9q764lMoRMPfT7DUWQKnR+R6zIISaZWyS+qMr"
    "TroKFdMrVKoVKruMhHmjI8nmwyZGxnv4jHdF0WE/FSsmD2MU0Kth0F68ND4ybmWGdHIguX"
    "z4Bql2l+VIDXoCeEpEvnHLZ6whLfGdBBJYwAk6FfyewxAqBIfLcIYXFpUxTy3fUtiUqven"
    "8PQStGl7ZrrcZ9p+Labrv0ptV4rLcqaGiqM2L6g1WC+r4j6Qb0qIo38Tl4vPYFULuknYBn"
    "9TUTIB4gk8AnBj7OgTr2BBLrPn3ISj/n53nx63Udn6eDBJD6aNJD9e2bnGD6jDUt2SBdoU"
    "h3lOZlmAovz95TklG6SpIeqFevL3ICqePCnQxTH02aI/UiL3Nf08fJIF0SyJU0hCZWlMjK"
    "T9tJHEvqVGUO1c0dmkzsaHyqfxHh8py6S+8frm8btQoy7IGmKlwYqbchIIpLI46zaDYEDg"
    "Cvp6lT1eoZxOxNVWpHVVCNX07i6FOcCrnZAt0sCT3DVHVTtWKy2W6eFVH9pDg/PM+XpDPk"
    "ptGuXovMHl4PXfqx0WpzCX2kmowL6LdV+AEuBdmYHTOokh4lH8bOhxWKzJYlLXUmhAM6HR"
    "AT8qZB9UIoTMgsVFE49qzSd5Taj8639D+ggT01yBAN5lAu1pwjZYLpmABxvw8qiH4/7C91"
    "qIcceI5K74z42ZZPO730zvgRub6Nd4bHu2T1Af1UBVAAphClIP1gXr5LSY+Ng3psxDsWLH"
    "GGKs5hoK9dqo+fWkTDMZYBF+Nf9UGBMPZLN25i4N3BcVMQ59IHfD02vhjW3QFajZst4hBy"
    "pacXo7QiWBQJqsN7OHmgxTo6raC6MXB7lZub47ZBXgQxDwQ+HfIQ4xmXBt0+PngyoZCxIB"
    "uEaLoUERcB2vz0x1BkHPchHhDpk7X09/O0AdIz65ieWTnR4mQe4Ty5qRwp6OsQ/hJcgp1E"
    "5RiKl1CXFFI63UY6dbMRJYF4haRwGF9cXW2BMW8Vi7G4J/WqxdawbaNXlfE6+9p+M5UsK2"
    "sA5z6+hK+AmJHIABPvVnmdxDV0GskQk0ILMjLEJB49GWKyU6aky20yJV3GZ0q6DGVKkm71"
    "xxETIQkhiTgFbOdStKROEXrFZpY+TciAUu2h3Wl+riCHuks/1b/0Hqu3D/UKlLboibLUXX"
    "pbr95AFxWk8dN1z/2447sUOZDHJOKO054sSHKfhhtgcLL+wjc4f3mv6PxyO3R+OK/q/O2+"
    "pZN3G5JsitMP0s0hMaPSDB/6cUfOjOaJxcmcF/xUBVhmU1APSdVFPPrFVV1Il7CicX0blz"
    "DpqLRnS5E4pBEzGagBqgwnzC9Vkfeyr5iigwOzq4tBKkMzlalwaLB0ZEExPa+pOE5MCDJ0"
    "08LhGgnShyyj+sMkWX88Xu8B1NpKV8Ud9XvrdEfmBhadxMUUVpSfU3ib3su9BRuio4L5DB"
    "5Sj74ELEKT7kNzoy69F+DiZg+mKpeQtSfk0EEBdcrx8cYnfN/Y1G06rCDVYsg2NB0Py4g/"
    "CWK5WBkZpg4HGYYwHSKTQCdRc+Qgz5D1KaSmP1MA70fTn7/q6yVnziYPrny4v23yM8hNBX"
    "k9dOlvD/UHuMIfb8Pv1sPdnVOu21k3urT9UKvV64KM2YpCiKD7WG2IMM0RVkWQZnZrso90"
    "cxoloK+p4rKgSFPRzWbp6L+20X7F675Cmq8R539Sa9kqTeH0iwdxjRrMLcL43svPrxHHRX"
    "Ucu5sGCDNb8rR0DS/qhQHzUzZUJvcOJ3ASmejPiJ/p5m6TqWjnnnEmmImyWuGz0N56jd7c"
    "/35xcXn57uL88u37qzfv3l29P1/s8uFb67b768bPsOP7BkRYU+IwE95pl0Hg0WV2DCQ9Wq"
    "WMPntSjd4AD3um/hwltK2rNhOiTbHmzOJKbovOTPjIjdKSrIV8SbQb1tmMITsw0lMu88Jb"
    "hKCONz2vkGTD9AyPTWx6buu2qRAkPhqdOGMHASplCPR5/WrA5f0hgnOtl7GC7w4W+Wadol"
    "f/RA4aZa8ELWigYMaH96PDPebYFab5urbDzuQjkxvTbhuTANE5tJBd8F8llTzYkQdCUZZk"
    "3VxS5KD4n4iM9DSK4sXRSWVKrEmlzx9rzmHxBacXzgfKRvwPR5HactSHlt77ynTaP0U6Fa"
    "sfVdkkqoDawZ5y5NUxNnoo3tuxWNFDaXs6Ss8n6fl09CN7Tn1gtgrasrC5G9f9lLLeY3Yc"
    "ncJc9rbQHdgcIJV8zjKfpUfbPky1/lLgwj0gCaZ+IomrdEdL2x1tuAwjfSGmKwGpBcXVP1"
    "uzFCfchpxFv4G4XIpK0bS8W16bnwna9UDqVsnWvk3wrCESorrIh0ShxlIFtX+7FTpM0Fti"
    "8NKzsYaYQRSkz8A7z2KeFx8ro2fVmiCPrQGWHeARXWpgk/dp8VYiLIydofo3/p3aXGSAEq"
    "mF+V7d76MTqtNXZGpY81NhO+TX+QMg8IeB+1R8sicZHS19pjICsIyOzkMBPhkgfSS1IRAk"
    "ANxtXohhnTrUfO9MYi7x2ufBWFL1TiDOOUWcQ04q/JQVsGOI88MpUjkjCB7CWcM7x0R5de"
    "+lzyMbQmbYTBTX7rXPsWfBjdPQPV16vmj9fgUw4afHxfmToZOu+OBu6TTM/927kUHoWdjK"
    "pClGmmJkELrk+hZcj9DZyyB0qVpOWRI4YLWMQ6o/q8RUlUkpQvXp3imvU3viZZu9pkiUWr"
    "8sJnePP37GZ3fPp3SfQohS5JK5JgG507yA6B5EJcifaBGayMF0hSR98fk4mqq9CbCho0Ga"
    "m9n3/wcwZ5hX"
)
