from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "datasets" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "uuid" UUID NOT NULL UNIQUE,
    "name" VARCHAR(63) NOT NULL,
    "description" TEXT NOT NULL,
    "preset" VARCHAR(16) NOT NULL,
    "columns" JSONB NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "app_id" INT NOT NULL REFERENCES "apps" ("id") ON DELETE CASCADE,
    "customer_id" INT REFERENCES "customers" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_datasets_app_id_752ee4" UNIQUE ("app_id", "name")
);
COMMENT ON COLUMN "datasets"."preset" IS 'CUSTOM: custom\nKEY_VALUE: key_value\nLEAD_SET: lead_set';
COMMENT ON COLUMN "datasets"."columns" IS '``[{\"name\", \"type\", \"nullable\", \"default\", \"unique\", \"indexed\"}]`` in table order.';
COMMENT ON COLUMN "datasets"."customer_id" IS 'A customer-scoped dataset is visible to that customer in the portal.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "datasets";"""


MODELS_STATE = (
    "eJztXW1z2siy/itTfLnOluNy7DibS27dWxiTXeIXXIC9J2fZEoMYQEGMdDQSDndP/vuZHk"
    "mAhAQSBiGU+ZIYaXokPT1v/Ux3z9+lidEnOjurmNotmZXK6O8SxRPC/wjdOUUlbJqL63DB"
    "xj1dFMWmpozJTFzEPWZbWLX59QHWGeGX+oSplmbamkGhdAXpBh2+1bUp6aPKYx2pFukTam"
    "tYP0MNqs8QRq3fK28vrj4gY4DsEUGM8DI20hhitsFLn8GT+obKH6XR4S4rdaj2L4cotjEk"
    "vIzFq/7zL35Zo33ynTD/pzlWBhrR+wHAtD5UIK4r9swU1+rU/iwKwvv2FNXQnQldFDZn9s"
    "ig89IateHqkFBiYZtA9bblAITU0XUPbR9V900XRdxXXJLpkwF2dFAESLsvsLhWUpSHRltp"
    "1dqKUlpRki+xBLF3STUoKJi/KhNfP4RXeHvx7v2v7z9efnj/kRcRrzm/8usP99ELYFxBAc"
    "9Du/RD3Mc2dksIjBegiv9XYK2OsBWNq18+hCx/5TCyPo7roPUvLLBdtOkswJ3g74pO6NAe"
    "8Z/vzs/XQPlcaVZ/rzRPeKk38EiDd0K3dz54ty7ce4D3Al/TIgPtexqEFxK7wfiwzTeI8I"
    "ckAH+Ix/dDGF4+KiojzEZpAF6WKWAz/vA+Acgf3seCDLeCIPNhHMBQsL0K8w2/Y2sTEg11"
    "UDIEdt8TPfP/OEbo+Qf2Yfrz+tUa6Nv1+1qrXbl/hMdNGPuXLvCrtGtw50JcnYWunoT7wr"
    "wS9Ee9/TuCn+ifjYeagNdg9tAST1yUa/+zBO+EHdtQqPGi4P7SEOBf9VELaF3HzFYctpXe"
    "w7I70Lz3ynlR/JEo2sdkrabJd1Pj1W2h56Ck1HKetWyRqTHeqjcHJaWW86xlPuhaSipLaU"
    "lis7l0DFPyDiwmsEEH40iDCeBaRfczN3C1IeWWvAC5zt8IUzXKUvLM/ievmiMD94ffevyr"
    "i95s4Ze50b7cqPi38y8mtrsqr7SqlZtaSSDcw+r4BVt9JQA13DEujNCVednVW5OLSfgKpn"
    "gowIGvgHeeky1mKZKDMTcRMGYy8iUeSEl85Iv4cJwoWJ+e6jcxw6QTiSxcPgOpozPN16An"
    "TMRLdxpbnqDEdwZtw8PyRzniNnZvdtuarafCdi6QHatRKmUC7ruLj0mYo4uP8dQR3Aviu/"
    "xmKyi3yfeYATYkVgCs161/a/9oB5a+PqIn95V/vAksf+8aD7/5xZc0UL1rXMfwSb1ZmtYd"
    "lCoA7JK2k7Td6c5pO8fsb6n1oKTUel60HmH3i7dfMVLjbaolro9OlSm22GrjuPYkP982iY"
    "5jpjfPYKrR6TMukv0a6ELfjN4r8fli9IoKzniqEMrrIa+E6Pa5xquZFRUmpo5I39Ffi1LL"
    "q6a4MEHNrwYJKikqRMBgMPJajG7cWooE0l6JQqev2e4AFcUXLu6erqUNoZyiG8N8cYfX2v"
    "BnoQ//++Li8vLXi/PLDx+v3v/669XH8zmPuHprHaF4Xf8NOMXA+m4zyZh+EZ7l4jtTfRzn"
    "2juJxcX7tGG5ulpRdjydEZQqoB/S7p29XMhS7YYsi2y1u5mzrerd7IqEIU1L4gelith298"
    "E3c9Qiqea1OO+ZZS7SfonR+0ZUO/VAHBKTSCdGOmok3ohz5Fgs6ftYkC1iRvibbITZFysc"
    "0BdXVwmQ5qVioRb3glj3yMCwIkaNL63GQzTMC4nwWl1TbfRvpGvsCJcXa5AFKNbvBIY3/U"
    "IrbaggvBOIB3aUN1U87HMBifr2qFuEfzZLO34HpQo3rux+ANfMNPC6pSWskbCm2OraJytY"
    "dZhtTAQBt8IJzu+drmMEVa+U9CYsljehdIPbp+XMbGw7ERsggG+NOpMVn+sA1gvpDEdXMN"
    "2nJOUYW6pU2/XnWhm50h1af/CvaNS/1npqPdYebmo3ZcQcZhL+Fm77Ojg/pzqWRaiazqtr"
    "SSZD9Ty1brKZ/y4TgHwZi/Gl9OmSOwzSp6t4Wt+pTxeHxOazwys9BPwFbMEikw7qS5EN0V"
    "CqIN+ueMtUwyR95H0oJF+Zakzjb4NsA9kjbM+L8iWFSNNiGpaN9ZWMLzlyxgi0zDWml99y"
    "N5tfEJue0AZbBteFCunGUKN8kYYYMTFoH5kcNFUz+T1oKmhgGRPE9cDvGRYSz4rKqLOzeq"
    "U1mC9rkEywpqdZBc8FCmcPXlwlIYB4qTV0/QqzNuAPTr1pHRAqHM+2F7vbxIy9GHz4Tpti"
    "Z0WwgD4Ce9mI0piyYA5CKxTD0AmmMSPzslwI7B4X3Bfa/sCS7a7IdaNxF1jEX9fDYWdP99"
    "c13t4F9ryQ5oafrzrAMMIYfzFlyufSSO+M2MkwQjK7/Anvcj0zSr6iuJar5Ct+Rq3H8RUr"
    "CcOEDbNtxrBlYZlmKD+qXu3hc0M6lf0YkpLphjanG1KXtpWDKKdOObS8Q31kIMfRTqehtE"
    "OhBpan1ENNMuD9b9Q2xoSWIkiswP3TdSSW5ZZUbCiakMRqUII0xhzSR544EuJnSDyQQc5m"
    "g5cRIzAaGNYEYV7XRNNnn7iEw7h2gJgyCbVdyRU+a/eP6FA38xwTPOXLiNs/ngA6gSuiEH"
    "rBIsE0t8tOkWGJoqquQSUaQz0LyryRLFkOWbJvtpaGU/CKF44h273jmdtHUnFjcwnp/r4Z"
    "3zkrvybWYLNbymoteSbJSo3HWrPSbjTL8w2IDq0+tdqN+xq/5k+8Hdr62mrX7suIzZhNJs"
    "l2lfbtmLKAOtVAHhaT69UIhsed8rew+AKCBbT0i2Tu5ShDtFTzXpMHb0XayUTvx6FfmQK8"
    "qFrOSYBE020ma0iOpfun60kOt8GlITkqFGFVJYx5zIBXB3Jj9ZBmMySmo9knNCamjRxqaz"
    "q/jF4MR++jEZ4St0DkAVg7rvwVbIQ0nHdq2K3x4zmqZU9OkkcfxXiZ01kxb4vbI92tjNuj"
    "zsksGefHutl/NY3bKl14inoHMpo6tgXvfsJsPBj4l6eGppJ54TeRU98rqpK0e75od2hDaX"
    "0nl2XkOmIjQZyx/2/ObCnpABxA+pgdgC0j7gSKzfsbvmyGSMNqxaDuRlaq+Jmb+/pDGeH+"
    "RKMdelN7rt3BdkcZ9cmU6DCdQdjt42Oj2YagWxPiNTq0WavcNB7uvpZR4LmH3+2QXtvSa1"
    "t6bUuvbem1LS1i6bX9E2tdem1LpnOrjALY1JQxmb0yTr5iarekUCd87JMV9M7UieAFF6ft"
    "xDODy+f6JNspM03EhTTLoBNwluXCGlSGTrpd0zJgp+uM3+92IU+Ad0xHNDe4XU0dbml91v"
    "GQnSLM4E7VoJR8r7bK6BcuZROVN5dfeGW6QxjCFkGUG2MWYiPjhT9zyNWCRDZIIB5nogAj"
    "9qcO5dLalLe1X8DbmIFtpo78xyKw0tAJNWxkci0w4TBMJsBmEvbmE/pFN9QxPFaIqphCyR"
    "7pUHWEKdcalHc9yvveBp9DXREu6zVDTxheSAPbWNffwsiHvNvMzcKA+ec75tDCff/DDP7P"
    "i8WXvLEx/X8K/fN7vGuW/pIk6gFJ1DFJ5V/rFS+gPb0X2kl0+lV848/knAsUgNZbt+DYx2"
    "mc88E2JXkRkMuQvJhfOVr2wpugUuM9l5Jop0DbnZ9Tgr0QklinwFpj8zdPh3dQUGKeAnNJ"
    "1sUvVY6TtpFk3c+o9SRkna+7dCenB6UKsETO4rAm00x50thcQIaJbU5r4BEZQWxTZzSouL"
    "UcGbRJkxksWlSe8hjA0dYRHKV34nU8QelCpfhnayfJu8m1BdkEVKzr4GCIPRYPDRwqDkY7"
    "RSbs4jJg45gBvvbMsabaFNg3xAddG1t2VN7NndW72bXxT5F9XjRhyxGbJH+lIurkUa1wL4"
    "ujWn3lp5lYl2UynFYnHLqMptbz8yRT6/l5/NQK94JTK6hgFWU4qOgZaLxoqH0hee7T9uc+"
    "zYeibdz55sIZNvQXrNkAYDr8S39U6u36w29l5MmDS99d5SucmMGnJTwj/Q4Nn7RRbdw/3t"
    "XaUEY1JqbY4unQz5X6HVwaYE3Pyykb2IYdK5spE9yP0Gb8AjUsl9069TylAiveqyIx1bqz"
    "8ABb6AQjVcfahKvI4WjDxqFB+aPIlFCkuSEIL4Y1JhbqayRyu3KXNe/ZCwvaka+0FHoOi0"
    "n3tjCwsBA2BoPUc9CS3BFMQ6Vu9+9OCd6ww391+Kfyujsl/podCE/kzZvaGtY7XLJTEuOi"
    "MmFQlMP+o9uFrW54KDqxiG3NELZ5j1BJRJ/a43MOfVCis41T1ELqaOI+S3+MiHsaBLfP0A"
    "TP3PERPCVeIFWbP5PCbfYJgbuEJa5786lweYhoGrurtmBeWaENWKguYozfMB4tCx7BgJTb"
    "dTG/FbljtQH+hZgEf3vwiWUZMUcAr8F+LiWh3x56d5M75WZCQEjuJSTZS/AgEw6DaRcTYV"
    "npYJ3nqVzuxcf3s+PclZV78T+j1pPsxQ80qrHRVmoPicoxPT9qXu3d0hNgt+ybtxGcCtKA"
    "jERV+ldk4V+x2mh3AGlrXlFBUQ101Tw5rtw+16htzUoRziv+rdN1DizjqUJ4KY2kOHJjTG"
    "bCw0QEyf0Xg99vRawKnFhhEXSifr99fvPJTwyJvAd4wWPeyb2rtOpuq95rpJl0YMnKgUWG"
    "pHkcztW7iwQcDi8Vy+GIe8cXknagBf0+gtLG/DujW/NmTxVfNkNy0kMvHfilVrsp3FRc6Q"
    "5tXH+pVdtlZPS+EdUOj/pJmn4S8jKeulwhLnOU/3azgSvT326Z9F+yVz8heyVZDWl/73dw"
    "PNL4hqYTfXKBs+HAAs/utZxURzLSqaGKLDqRgQh8KeDYqjHh0irv/vxfbNoOWHMALhyHyO"
    "+bTkSQw64r33ESZ2kVZmUVZj3OZ7JOKz2AwyA4ikF3g3bKtD5BmM5EMqKTbpc/hI51jfcC"
    "r9Xz3+hz/a7W7Ua4qb2+umw487QZj0NihbBEMwhQkaFAWSENQSVOhONj8pAUJ8r7MVctu9"
    "S45VPtGPJFg3kP4SQW+SYy53RordmEIzWFO1uHwrq+8dTmYyS3l/gw1KH3tftG82sZTcjE"
    "sGYdWq08VGt3IiZFBUz03ISl8KcPh1HnlCfT5ZJ4rpX5e7v9WEYj2zY7tPJYL/MZQuvQL4"
    "3rMjgxcwU1Gw9cN5ZBucK5LgXBY3FdCobnuVGv1sruMRm87B2XV3Uu/1j5jV+GlHS5UqZi"
    "kYgoifhBMCSWX+/A0h+Qg28gNkY0mytROKhr/VOxTB6RvsOXv+5P0B05O4vybd+mioxPoo"
    "AY57hOGeOINpfItfqMAPRwPskp7IXxLgk7YRBq4h5A3ClFaS6l9AEOXiAcPRbtJRGvu6BU"
    "fvW35RJk993DiwLcgvsMSh5NoM9PyXD3HUvQIMokYqn5WTdwjCkckgspeQCC++pR52cpY2"
    "Z3odibxtP1XQ09NmvVeqvuBRzMNSluwqVFMrJmrXIXnnBMJy3MCxGJcAKEXVNAMQkep6B1"
    "QlK5jf0+mFuibgzTR+D5Qq+KQtpuyv0fn3FAPUfTuXnBzuB5/5t2KdXt/vl3hyM3JV6I7o"
    "Qwxg0R9we2O6Uff3W7K2uo5GIyuC8/5JkM7ttPlH2g8fOloTrulP4P/laNPvH+tAhmBuU/"
    "loLeY4LpX1XdoZPMHMS9O2f9bM+7y9l7I+cM39c7I/M3QA9Pd3eH2mZueRRRKWKveX7vNM"
    "GGs881Jdx1bjp0dSsYGXARSEtwF7bcI9JOxbGGcDIHFnw0+n+DRvgi76JCeURwvk63kBtg"
    "WW2AQRdJxc5aWSOc3VbuPnhUGGdgmEm1i7Ekk2FLfmpXj5VGlRkdD2VfUcAh7eEWS1Ly0N"
    "nkBy1Q8l34922xWxASPRZ/eBiTPrnZ2V5Gmk5QX2Oi6awuA9eWLPDegjgBc7tGERKVWQBy"
    "r+d17kprdHwIP6Ws8iXt3PVEptCJh/44w1FkCp2fUesyCEmmVjleVGVo115Du2RqlUKlVv"
    "GQj9zK8HWyaSMj2f5FPKbrspiIl5IHZh9yS8FxomB9eqrfxCzrnEhk4fIZSG3TzQ8K8Br0"
    "hJF06a7DlldY4jtDHFTKCDAZ+pVuP0YAFIlvghAWTzZDI98b39JQepXHRwhaMTu0VW3WH9"
    "tlb++2Q2+a9edas4z6ljYlVjBYJcz3HYgbMKJOvInPweOXLwDtknUCnuXXTIF4SEwCnxr4"
    "OAfq2BVIrPv0Pk/6OT8/Fr9ez/F50ksBaUAmO1Q/vD8STF+wrqdrpEsS2bbSY2mmwstTGa"
    "dppcsi2YF69e7iSCB1XbjTYRqQybKlXhxL39eNYTpIFwJyJF1BE6tq5MlPySyOhXSmNofm"
    "5Q5NZ3bUb2tfRbg8l+7Qx6fru3q1jEynp2sqN0ZqLQiI4taI6yyaD4MDwFN0baLZikksZa"
    "JRJ+oE1fjhJE4+w65wNFOglyVBMS3NsDQ7Jpvt5l4RVU+G/cP3fEnbQ27qrcq1yOzh19Ch"
    "n+vNFrfQB5rFuIF+V4Ef4FKQj94xhVPSo+zD2P6wJJHbY0lL7RHhgE56xIK8aXB6IRxMyG"
    "xUVjn2rNx1Se1n91u6n1DPmZikj3ozOC7WmiF1hOmQgHC3CxREt7vqL7Wvh+y5j0rvjPje"
    "dpz79NI742fUehLvDF936c4HDEoVgADMIEpB+sG8fpaSHht79diIdyxY4AynOK8Cfe1Jfb"
    "5tEh3H7Ax4GH8xegXCOGjdeImBtwfHS0F8lD7g67EJxLBuD9By3GwRm5BnPb0apSXDokhQ"
    "7d/DyQct1tFpCdWNgdvL2twctw32Iph5YPAZkIcYT7k16NXxybcJhY0F2SBE0YWJOA/Q5q"
    "s/hiLjuPfxgEifrIW/n88GSM+sQ3pmHQmLk3uEj8lN5UBBX/vwl+AW7Cgqx1C8hbqQkNZp"
    "EuvUy0aUBuIlkcJhfHF1lQBjXioWY3FP8qrFZtiS8KoyXmdX02+ukmXlDeCjjy/hIyBmJD"
    "LAxL91us7i6ruFZIhJoQ0ZGWISj54MMdkqU9JlkkxJl/GZki5XMiVJt/rDmImQhJBErAKS"
    "uRQtpDOEXnWYbUxSKqBUfWq1G/dl5Ep36G3tq/JcuXuqleFoC0UcS92hd7XKDVRRRjpfXS"
    "vexx3epciFPCYRdxx7Mhc5+jTcAIOb9Re+wf3Lf0X3l1eh+8N9Vfdv7y3dvNuQZFOsfpBh"
    "9YkVlWZ43487cGY03yxO57wQlCrAMJsBPSSpi3j0i0tdSJewomk9iUuYdFTa8U6RWKQRKx"
    "2oIakcJ8wvVZD/sm+ZaoADs8fFII2hqcY0WDTYBrLhMD2/qFhOjAgyDcvGq2ckSB+ynPKH"
    "abL++LreAajVpaqK2+p3VumWyg0NOrk6TKFCLE0dlSLoYe/O6Tp2GC/K7JQblmRwHr1a4o"
    "2/eLeWInCZe9m2jpwV13heuMULiO5+DocwqE1ozNllcWTYXCR7MuwwWxs7o49WVn9ZTmY/"
    "/gNdnEP0"
)
