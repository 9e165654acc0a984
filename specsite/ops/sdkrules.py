"""What the AWS CLI (v1) and boto3 change on top of a service model, as data.

The command line and the Python SDK do not name every call and parameter the
way the model does: the CLI renames some services and arguments, removes
commands it cannot run, and boto3 drops methods and hides parameters it fills
in itself. Those rules live in awscli's and botocore's own source; each table
below names the file it was read from, so it can be refreshed from a newer
release. specsite never imports awscli: the pages must not depend on it, and
the differential test (tests/test_ops_awscli.py) checks these tables against
the real tools.
"""

from __future__ import annotations

from typing import Any

# --- the AWS CLI v1 -----------------------------------------------------------------------

# awscli/customizations/s3/s3.py (s3_plugin_initialize: the high-level `aws s3`
# takes the name), codedeploy/codedeploy.py and configservice/rename_cmd.py
# rename these service commands. Every other service is called by its botocore
# name (sagemaker.py, mturk.py and a few others only add hidden aliases).
CLI_SERVICE_NAMES = {
    "s3": "s3api",
    "codedeploy": "deploy",
    "config": "configservice",
}

# awscli/customizations/removals.py (register_removals): commands the CLI
# removes, mostly because their event streams need HTTP/2 or a bidirectional
# connection. Keyed by the service command's name.
CLI_REMOVED_COMMANDS = {
    "ses": ("delete-verified-email-address", "list-verified-email-addresses", "verify-email-address"),
    "ec2": ("import-instance", "import-volume"),
    "emr": (
        "run-job-flow",
        "describe-job-flows",
        "add-job-flow-steps",
        "terminate-job-flows",
        "list-bootstrap-actions",
        "list-instance-groups",
        "set-termination-protection",
        "set-keep-job-flow-alive-when-no-steps",
        "set-visible-to-all-users",
        "set-unhealthy-node-replacement",
    ),
    "kinesis": ("subscribe-to-shard",),
    "lexv2-runtime": ("start-conversation",),
    "lambda": ("invoke-with-response-stream",),
    "sagemaker-runtime": ("invoke-endpoint-with-response-stream",),
    "bedrock-runtime": (
        "invoke-model-with-response-stream",
        "invoke-model-with-bidirectional-stream",
        "converse-stream",
    ),
    "bedrock-agent-runtime": (
        "agentic-retrieve-stream",
        "invoke-agent",
        "invoke-flow",
        "invoke-inline-agent",
        "optimize-prompt",
        "retrieve-and-generate-stream",
    ),
    "bedrock-agentcore": ("invoke-code-interpreter", "invoke-agent-runtime-command", "invoke-harness"),
    "qbusiness": ("chat",),
    "iotsitewise": ("invoke-assistant",),
    "logs": ("get-log-object",),
    "connecthealth": ("start-medical-scribe-listening-session",),
    "polly": ("start-speech-synthesis-stream",),
    "devops-agent": ("send-message",),
}

# awscli/customizations/argrename.py (ARGUMENT_RENAMES): arguments renamed,
# mostly because they clash with a global option (--output, --query,
# --version, --region, --endpoint). "service.command.argument", where
# command may be "*".
CLI_ARGUMENT_RENAMES = {
    "ec2.create-image.no-no-reboot": "reboot",
    "ec2.*.no-egress": "ingress",
    "ec2.*.no-disable-api-termination": "enable-api-termination",
    "swf.register-activity-type.version": "activity-version",
    "swf.register-workflow-type.version": "workflow-version",
    "datapipeline.*.query": "objects-query",
    "datapipeline.get-pipeline-definition.version": "pipeline-version",
    "emr.*.job-flow-ids": "cluster-ids",
    "emr.*.job-flow-id": "cluster-id",
    "cloudsearchdomain.search.query": "search-query",
    "cloudsearchdomain.suggest.query": "suggest-query",
    "sns.subscribe.endpoint": "notification-endpoint",
    "deploy.*.s-3-location": "s3-location",
    "deploy.*.ec-2-tag-filters": "ec2-tag-filters",
    "codepipeline.get-pipeline.version": "pipeline-version",
    "codepipeline.create-custom-action-type.version": "action-version",
    "codepipeline.delete-custom-action-type.version": "action-version",
    "kinesisanalytics.add-application-output.output": "application-output",
    "kinesisanalyticsv2.add-application-output.output": "application-output",
    "route53.delete-traffic-policy.version": "traffic-policy-version",
    "route53.get-traffic-policy.version": "traffic-policy-version",
    "route53.update-traffic-policy-comment.version": "traffic-policy-version",
    "gamelift.create-build.version": "build-version",
    "gamelift.update-build.version": "build-version",
    "gamelift.create-script.version": "script-version",
    "gamelift.update-script.version": "script-version",
    "route53domains.view-billing.start": "start-time",
    "route53domains.view-billing.end": "end-time",
    "apigateway.create-rest-api.version": "api-version",
    "apigatewayv2.create-api.version": "api-version",
    "apigatewayv2.update-api.version": "api-version",
    "pinpoint.get-campaign-version.version": "campaign-version",
    "pinpoint.get-segment-version.version": "segment-version",
    **{
        f"pinpoint.{verb}-{kind}-template.version": "template-version"
        for verb in ("delete", "get", "update")
        for kind in ("email", "in-app", "push", "sms", "voice")
    },
    "stepfunctions.send-task-success.output": "task-output",
    "clouddirectory.publish-schema.version": "schema-version",
    "mturk.list-qualification-types.query": "types-query",
    "workdocs.create-notification-subscription.endpoint": "notification-endpoint",
    "workdocs.describe-users.query": "user-query",
    "lex-models.delete-bot.version": "bot-version",
    "lex-models.delete-intent.version": "intent-version",
    "lex-models.delete-slot-type.version": "slot-type-version",
    "lex-models.get-intent.version": "intent-version",
    "lex-models.get-slot-type.version": "slot-type-version",
    "lex-models.delete-bot-version.version": "bot-version",
    "lex-models.delete-intent-version.version": "intent-version",
    "lex-models.delete-slot-type-version.version": "slot-type-version",
    "lex-models.get-export.version": "resource-version",
    "license-manager.get-grant.version": "grant-version",
    "license-manager.delete-grant.version": "grant-version",
    "license-manager.get-license.version": "license-version",
    "rekognition.create-stream-processor.output": "stream-processor-output",
    "eks.create-cluster.version": "kubernetes-version",
    "eks.update-cluster-version.version": "kubernetes-version",
    "eks.create-nodegroup.version": "kubernetes-version",
    "eks.update-nodegroup-version.version": "kubernetes-version",
    "eks.update-cluster-components-version.version": "kubernetes-version",
    "schemas.*.version": "schema-version",
    "sagemaker.delete-image-version.version": "version-number",
    "sagemaker.describe-image-version.version": "version-number",
    "sagemaker.list-aliases.version": "version-number",
    "sagemaker.update-image-version.version": "version-number",
    "iotwireless.*.lo-ra-wan": "lorawan",
    "codepipeline.get-action-type.version": "action-version",
    "ecs.*.no-enable-execute-command": "disable-execute-command",
    "ecs.execute-command.no-interactive": "non-interactive",
    "controltower.create-landing-zone.version": "landing-zone-version",
    "controltower.update-landing-zone.version": "landing-zone-version",
    "glue.get-unfiltered-partition-metadata.region": "resource-region",
    "glue.get-unfiltered-partitions-metadata.region": "resource-region",
    "glue.get-unfiltered-table-metadata.region": "resource-region",
}

# awscli/customizations/argrename.py (HIDDEN_ALIASES): old spellings still
# accepted but not documented, beside the documented argument.
CLI_HIDDEN_ALIASES = {
    "cognito-identity.create-identity-pool.open-id-connect-provider-arns": "open-id-connect-provider-ar-ns",
    "storagegateway.describe-tapes.tape-arns": "tape-ar-ns",
    "storagegateway.describe-tape-archives.tape-arns": "tape-ar-ns",
    "storagegateway.describe-vtl-devices.vtl-device-arns": "vtl-device-ar-ns",
    "storagegateway.describe-cached-iscsi-volumes.volume-arns": "volume-ar-ns",
    "storagegateway.describe-stored-iscsi-volumes.volume-arns": "volume-ar-ns",
    "route53domains.view-billing.start-time": "start",
    "deploy.create-deployment-group.ec2-tag-set": "ec-2-tag-set",
    "deploy.list-application-revisions.s3-bucket": "s-3-bucket",
    "deploy.list-application-revisions.s3-key-prefix": "s-3-key-prefix",
    "deploy.update-deployment-group.ec2-tag-set": "ec-2-tag-set",
    "iam.enable-mfa-device.authentication-code1": "authentication-code-1",
    "iam.enable-mfa-device.authentication-code2": "authentication-code-2",
    "iam.resync-mfa-device.authentication-code1": "authentication-code-1",
    "iam.resync-mfa-device.authentication-code2": "authentication-code-2",
    "importexport.get-shipping-label.street1": "street-1",
    "importexport.get-shipping-label.street2": "street-2",
    "importexport.get-shipping-label.street3": "street-3",
    "lambda.publish-version.code-sha256": "code-sha-256",
    "lightsail.import-key-pair.public-key-base64": "public-key-base-64",
    "mgn.*.replication-servers-security-groups-ids": "replication-servers-security-groups-i-ds",
    "mgn.*.source-server-ids": "source-server-i-ds",
    "mgn.*.replication-configuration-template-ids": "replication-configuration-template-i-ds",
    "elasticache.create-replication-group.preferred-cache-cluster-azs": "preferred-cache-cluster-a-zs",
}

# awscli/customizations/toplevelbool.py (register_bool_params): in these
# services a structure holding only a boolean `Value` becomes a flag pair
# (--ebs-optimized / --no-ebs-optimized).
CLI_PULLED_UP_BOOLEANS = frozenset({"ec2"})

# awscli/customizations/s3events.py (register_event_stream_arg): this event
# stream is written to a file named by a positional `outfile`, like a
# streaming body (awscli/customizations/streamingoutputarg.py).
CLI_EVENT_STREAM_OUTFILE = frozenset({("s3api", "select-object-content")})

# --- boto3 (botocore's client and documentation handlers) ---------------------------------

# botocore/handlers.py (remove_* on creating-client-class.*): methods botocore
# deletes from the client because their event streams need HTTP/2.
BOTO3_REMOVED_METHODS = {
    "lexv2-runtime": ("start_conversation",),
    "qbusiness": ("chat",),
    "bedrock-runtime": ("invoke_model_with_bidirectional_stream",),
    "connecthealth": ("start_medical_scribe_listening_session",),
    "polly": ("start_speech_synthesis_stream",),
}

# botocore/handlers.py (_add_parameter_aliases): parameters documented and
# accepted under another name. "service.Operation.Parameter", "*" for any.
BOTO3_PARAMETER_ALIASES = {
    "ec2.*.Filter": "Filters",
    "logs.CreateExportTask.from": "fromTime",
    "cloudsearchdomain.Search.return": "returnFields",
}

# botocore/handlers.py (HideParamFromOperations on docs.*.s3.*): S3 computes
# ContentMD5 for these calls, and a caller cannot give one.
BOTO3_HIDDEN_PARAMETERS = {
    ("s3", "ContentMD5"): frozenset(
        {
            "DeleteObjects",
            "PutBucketAcl",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketLogging",
            "PutBucketNotification",
            "PutBucketPolicy",
            "PutBucketReplication",
            "PutBucketRequestPayment",
            "PutBucketTagging",
            "PutBucketVersioning",
            "PutBucketWebsite",
            "PutObjectAcl",
        }
    ),
}

# botocore/handlers.py (AutoPopulatedParam): parameters botocore fills in
# when left out, so never required. (service, operation or "*", parameter).
BOTO3_AUTO_POPULATED = frozenset(
    {
        ("glacier", "*", "accountId"),
        ("glacier", "UploadArchive", "checksum"),
        ("glacier", "UploadMultipartPart", "checksum"),
        ("ec2", "CopySnapshot", "PresignedUrl"),
        ("ec2", "CopySnapshot", "DestinationRegion"),
        ("s3", "*", "SSECustomerKeyMD5"),
        ("s3", "*", "CopySourceSSECustomerKeyMD5"),
        ("rds", "CopyDBClusterSnapshot", "PreSignedUrl"),
        ("rds", "CreateDBCluster", "PreSignedUrl"),
        ("rds", "CopyDBSnapshot", "PreSignedUrl"),
        ("rds", "CreateDBInstanceReadReplica", "PreSignedUrl"),
        ("rds", "StartDBInstanceAutomatedBackupsReplication", "PreSignedUrl"),
        ("neptune", "CopyDBClusterSnapshot", "PreSignedUrl"),
        ("neptune", "CreateDBCluster", "PreSignedUrl"),
        ("docdb", "CopyDBClusterSnapshot", "PreSignedUrl"),
        ("docdb", "CreateDBCluster", "PreSignedUrl"),
    }
)

# botocore/handlers.py (document_base64_encoding): values boto3 base64-encodes
# for the caller; the pages say so, as boto3's reference does.
BOTO3_BASE64_ENCODED = frozenset(
    {
        ("ec2", "RunInstances", "UserData"),
        ("autoscaling", "CreateLaunchConfiguration", "UserData"),
        ("lambda", "UpdateFunctionCode", "ZipFile"),
    }
)


def matches(rules: dict[str, Any], service: str, command: str, name: str) -> Any:
    """The rule for ``service.command.name`` in a table keyed that way, ``*`` matching any command."""
    return rules.get(f"{service}.{command}.{name}") or rules.get(f"{service}.*.{name}")


# awscli/customizations/kinesis.py (undocument_exclusive_start_stream_name):
# an old paging parameter kept working but left out of the help.
CLI_UNDOCUMENTED_ARGS = frozenset({"kinesis.list-streams.exclusive-start-stream-name"})

# A blob nested in a structure argument gets a top-level argument of its own
# that reads a file (fileb://), and the structure stops being required:
# awscli/customizations/awslambda.py (ZipFileArgumentHoister),
# rekognition.py (FILE_PARAMETER_UPDATES) and quicksight.py
# (NestedBlobArgumentHoister). "service.command.argument": (the new argument,
# the blob member it takes out of the structure).
CLI_HOISTED_BLOBS = {
    "lambda.create-function.code": ("zip-file", "ZipFile"),
    "lambda.publish-layer-version.content": ("zip-file", "ZipFile"),
    "rekognition.compare-faces.source-image": ("source-image-bytes", "Bytes"),
    "rekognition.compare-faces.target-image": ("target-image-bytes", "Bytes"),
    "rekognition.*.image": ("image-bytes", "Bytes"),
    "quicksight.start-asset-bundle-import-job.asset-bundle-import-source": (
        "asset-bundle-import-source-bytes",
        "Body",
    ),
}

# awscli/customizations/configservice/putconfigurationrecorder.py: a member
# taken out of a structure argument into an argument of its own, because the
# shorthand cannot hold it. "service.command.argument": (the new argument, the member).
CLI_EXTRACTED_MEMBERS = {
    "configservice.put-configuration-recorder.configuration-recorder": ("recording-group", "recordingGroup"),
}
