"""Secrets only some functions may read: the Alipay app's private key, the QQ app's secret, the captcha keys.

Each is named by a stack parameter that may stay empty (the feature then answers 503). The functions whose modules
reach the feature's settings module (infra/usage.py) get its variables, and a separate policy, made only when the
parameter names a secret (an empty parameter is no ARN to grant on), lets only their roles read that one secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra.usage import ALIPAY_MODULE, CAPTCHA_MODULE, QQ_MODULE, Usage

Json = dict[str, Any]


@dataclass(frozen=True, eq=False)  # a dict field: hashed by identity, one per secret
class SecretReaders:
    """One secret: the settings module that reads it, the parameter naming it, and what its readers get."""

    module: str
    parameter: str  # the stack parameter holding the secret's ARN ("" = not configured)
    condition: str  # infra/resources.json's condition: the parameter is not empty
    policy_id: str  # the logical id of the readers' policy
    sid: str
    variables: Json  # the environment of the functions reaching `module`

    def reaches(self, usage: Usage) -> bool:
        """The handler module reaches the settings module, so its function reads the secret."""
        return self.module in usage.modules

    def policy(self, role_ids: list[str]) -> Json:
        """GetSecretValue on this one secret, for only the given roles, only when the parameter names one."""
        statement = {
            "Sid": self.sid,
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": {"Ref": self.parameter},
        }
        return {
            "Type": "AWS::IAM::Policy",
            "Condition": self.condition,
            "Properties": {
                "PolicyName": self.sid,
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
                "Roles": [{"Ref": role_id} for role_id in sorted(role_ids)],
            },
        }


ALIPAY = SecretReaders(
    module=ALIPAY_MODULE,
    parameter="AlipayPrivateKeyArn",
    condition="HasAlipayPrivateKey",
    policy_id="AlipayPrivateKeyReaders",
    sid="AlipayPrivateKey",
    variables={
        "ALIPAY_APP_ID": {"Ref": "AlipayAppId"},
        "ALIPAY_PUBLIC_KEY": {"Ref": "AlipayPublicKey"},
        "ALIPAY_APP_PRIVATE_KEY_ARN": {"Ref": "AlipayPrivateKeyArn"},
        "ALIPAY_GATEWAY": {"Ref": "AlipayGateway"},
        "ALIPAY_ORDER_RETURN_URL": {"Ref": "AlipayOrderReturnUrl"},
        "ALIPAY_REWARD_RETURN_URL": {"Ref": "AlipayRewardReturnUrl"},
        "ALIPAY_SELLER_ID": {"Ref": "AlipaySellerId"},
    },
)
QQ = SecretReaders(
    module=QQ_MODULE,
    parameter="QQClientSecretArn",
    condition="HasQQClientSecret",
    policy_id="QQClientSecretReaders",
    sid="QQClientSecret",
    variables={
        "QQ_CLIENT_ID": {"Ref": "QQClientId"},
        "QQ_CLIENT_SECRET_ARN": {"Ref": "QQClientSecretArn"},
        "QQ_REDIRECT_URI": {"Ref": "QQRedirectUri"},
        "QQ_RENRAN_REDIRECT_URI": {"Ref": "QQRenranRedirectUri"},
    },
)
CAPTCHA = SecretReaders(
    module=CAPTCHA_MODULE,
    parameter="CaptchaKeysArn",
    condition="HasCaptchaKeys",
    policy_id="CaptchaKeysReaders",
    sid="CaptchaKeys",
    variables={
        "CAPTCHA_PROVIDER": {"Ref": "CaptchaProvider"},
        "CAPTCHA_APP_ID": {"Ref": "CaptchaAppId"},
        "CAPTCHA_KEYS_ARN": {"Ref": "CaptchaKeysArn"},
        "CAPTCHA_ALLOW_DISASTER_TICKETS": {"Ref": "CaptchaAllowDisasterTickets"},
    },
)
SECRETS = (ALIPAY, QQ, CAPTCHA)


def grant(resources: Json, readers: dict[SecretReaders, list[str]]) -> None:
    """Add each secret's readers' policy to the template's resources (none for a secret nobody reads)."""
    for secret, role_ids in readers.items():
        if role_ids:
            resources[secret.policy_id] = secret.policy(role_ids)
