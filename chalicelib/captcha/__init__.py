"""Captcha ticket verification: Tencent Cloud's DescribeCaptchaResult, or off (every ticket passes)."""
