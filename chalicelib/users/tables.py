"""The users' tables as pynamodb models; users/repository.py is the adapter that uses them."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core.storage import table_meta


class VerifiedEmailIndex(GlobalSecondaryIndex["UserModel"]):
    """Users by verified e-mail (lower-cased): password reset's lookup. Sparse: only verified addresses are in it."""

    class Meta:
        index_name = "verified-email"
        projection = KeysOnlyProjection()

    verified_email = UnicodeAttribute(hash_key=True)


class UserModel(Model):
    """One user; `address_count` guards the address limit inside transactions."""

    Meta = table_meta("users")
    user_id = NumberAttribute(hash_key=True)
    username = UnicodeAttribute()
    mobile = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    nickname = UnicodeAttribute(null=True)  # renran's display name; its pages show the username without one
    email = UnicodeAttribute(null=True)
    email_active = BooleanAttribute(default=False)
    # Set only while `email` is verified, so the index holds exactly the addresses a reset link may go to.
    verified_email = UnicodeAttribute(null=True)
    is_staff = BooleanAttribute(default=False)
    default_address_id = NumberAttribute(null=True)
    address_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    token_version = NumberAttribute(default=0)
    is_active = BooleanAttribute(default=True)
    avatar = UnicodeAttribute(null=True)
    by_verified_email = VerifiedEmailIndex()


class UniqueKeyModel(Model):
    """Guard item making a username or mobile unique across users (`username#x`, `mobile#x`)."""

    Meta = table_meta("unique-keys")
    key = UnicodeAttribute(hash_key=True)
    user_id = NumberAttribute()
