"""Administrative units: Province > Commune (xã/phường/đặc khu) > Hamlet (ấp/khóm/tổ dân phố).

Two-level local government since 1 July 2025: there are no districts. Provinces and communes
come from the `vietnam-provinces` package with their official codes; hamlets are created by
commune officers or by roster import. May import: hocvuso.lib.
"""
