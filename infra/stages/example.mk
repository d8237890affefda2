# A stage's deploy settings, read by `make deploy STAGE=<stage>` from infra/stages/<stage>.mk: copy this file to
# infra/stages/prod.mk (or dev.mk) and fill in the account's values. README "Deploy" and docs/deploy.md list the
# parameters. Values given on make's command line win over these.
BUCKET ?= my-artifacts-bucket
PARAMS ?= VpcId=vpc-1 SubnetIds=subnet-a,subnet-b RouteTableIds=rtb-1 \
  PublicUrl=https://shop.example.com CorsAllowOrigins=https://www.example.com EmailSender=no-reply@example.com
# Optional in PARAMS: AlarmEmail=ops@example.com (the alarms' mails); DomainName=api.shop.example.com with
# CertificateArn=arn:aws:acm:<region>:<account>:certificate/<id> (a custom domain). Without PublicUrl, links name the
# custom domain, else the API's own URL (docs/deploy.md "Parameters").
