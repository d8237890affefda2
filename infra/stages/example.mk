# A stage's deploy settings, read by `make deploy STAGE=<stage>` from infra/stages/<stage>.mk: copy this file to
# infra/stages/prod.mk (or dev.mk) and fill in the account's values. README "Deploy" and docs/deploy.md list the
# parameters. Values given on make's command line win over these.
BUCKET ?= my-artifacts-bucket
PARAMS ?= VpcId=vpc-1 SubnetIds=subnet-a,subnet-b RouteTableIds=rtb-1 \
  PublicUrl=https://shop.example.com CorsAllowOrigins=https://www.example.com EmailSender=no-reply@example.com
