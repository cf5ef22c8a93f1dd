"""factory-boy factories for the registry; valid CCCD numbers that agree with birth year and sex."""

from __future__ import annotations

import factory

from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib import cccd
from hocvuso.people.constants import Sex
from hocvuso.people.models import Household, Person


class HamletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hamlet

    commune = factory.LazyFunction(lambda: Commune.objects.get(code=29242))
    name = factory.Sequence(lambda n: f"Ấp {n + 1}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    hamlet = factory.SubFactory(HamletFactory)
    commune = factory.LazyAttribute(lambda o: o.hamlet.commune)
    code = factory.Sequence(lambda n: f"HK{n:05d}")
    address = factory.Sequence(lambda n: f"Số {n + 1}, đường Nguyễn Đáng")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Trần Văn Số {n}")
    sex = Sex.MALE
    birth_year = 1980
    hamlet = factory.SubFactory(HamletFactory)
    commune = factory.LazyAttribute(lambda o: o.hamlet.commune)
    national_id = factory.LazyAttributeSequence(lambda o, n: cccd.make("084", o.sex, o.birth_year, 100000 + n))
