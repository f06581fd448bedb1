// A CommonJS handler: the smallest useful Lambda function.
/* global exports */
const greeting = process.env.GREETING || 'Hello';

exports.handler = async (event, context) => {
  const name = (event && typeof event.name === 'string' && event.name) || 'world';
  console.log(`greeting ${name}`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `${greeting}, ${name}!`, requestId: context.awsRequestId }),
  };
};
