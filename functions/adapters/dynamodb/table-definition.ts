import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { type IndexName, TABLE_INDEXES } from '../../ports/table';

/** The TTL attribute: epoch seconds after which DynamoDB may drop an item (idempotency records). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The evidence table of DESIGN §3 as DynamoDB's CreateTable takes it: `pk`/`sk` strings, one
 * global secondary index per entry of {@link TABLE_INDEXES} (string keys, all attributes
 * projected, so an index page holds whole items), on-demand capacity. The CDK stack declares the
 * same shape from the same constants; tests create it in DynamoDB Local.
 *
 * @example
 * await client.send(new CreateTableCommand(evidenceTableDefinition('evidence-test-1')));
 */
export function evidenceTableDefinition(tableName: string): CreateTableCommandInput {
  const indexNames = Object.keys(TABLE_INDEXES) as IndexName[];
  const attributes = ['pk', 'sk', ...indexNames.flatMap((name) => [TABLE_INDEXES[name].pk, TABLE_INDEXES[name].sk])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexNames.map((name) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: TABLE_INDEXES[name].pk, KeyType: 'HASH' },
        { AttributeName: TABLE_INDEXES[name].sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
