'use strict';
// Where the load goes: the local cloud (AWS_ENDPOINT_URL) or a deployed stack (SLUICE_STACK),
// whose CloudFormation outputs name the order stream. Region and credentials come the usual way
// (environment, profile); the local cloud accepts any credentials.
const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');

const LOCAL_STREAM = 'sluice-dev-orders';

async function resolveTarget(env = process.env) {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const endpoint = env.AWS_ENDPOINT_URL || undefined;
  if (!endpoint && !env.SLUICE_STACK) {
    throw new Error('set AWS_ENDPOINT_URL (local cloud, e.g. http://127.0.0.1:4566) or SLUICE_STACK (a deployed stack name)');
  }
  const clientConfig = { region, endpoint, maxAttempts: 1 };
  if (endpoint && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE) {
    clientConfig.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  }
  if (env.SLUICE_STREAM) {
    return { clientConfig, streamName: env.SLUICE_STREAM };
  }
  if (!env.SLUICE_STACK) {
    return { clientConfig, streamName: LOCAL_STREAM };
  }
  const cfn = new CloudFormationClient({ ...clientConfig, maxAttempts: 3 });
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: env.SLUICE_STACK }));
  const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  if (!outputs.OrderStreamName) {
    throw new Error(`stack ${env.SLUICE_STACK} has no OrderStreamName output`);
  }
  return { clientConfig, streamName: outputs.OrderStreamName };
}

module.exports = { resolveTarget };
