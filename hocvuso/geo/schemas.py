from ninja import Schema


class CommuneOut(Schema):
    code: int
    name: str
    kind: str
    province_code: int
    in_campaign_area: bool


class HamletOut(Schema):
    id: int
    name: str
    kind: str
    commune_code: int
