// `customerize insights …`: customer insight from a purchase history outside the platform (a
// firm moving from another shop brings its transactions as CSV).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { clvReport } from '../insights/clv-report.ts';
import { dayNumber, parseTransactionsCsv } from '../insights/transactions.ts';

function isoDate(value: string): string {
  if (dayNumber(value) === null) throw new InvalidArgumentError('must be a date (YYYY-MM-DD)');
  return value;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new InvalidArgumentError('must be a whole number of days (1-3650)');
  return n;
}

export function registerInsightCommands(program: Command): void {
  const insights = program
    .command('insights')
    .description('customer insight from purchase history');
  insights
    .command('clv')
    .description(
      'fit BG/NBD and Gamma-Gamma to a transactions CSV (customer,date,amount; ISO dates; amounts in minor units) and print each customer’s value',
    )
    .argument('<file>', 'transactions CSV')
    .option('--json', 'print the report as JSON')
    .option(
      '--calibration-end <date>',
      'last day of history the models learn from (default: the last transaction)',
      isoDate,
    )
    .option('--horizon-days <n>', 'days ahead to value', days, 365)
    .action(
      async (
        file: string,
        opts: { json?: boolean; calibrationEnd?: string; horizonDays: number },
      ) => {
        const transactions = parseTransactionsCsv(await readFile(file, 'utf8'));
        const report = clvReport(transactions, {
          horizonDays: opts.horizonDays,
          ...(opts.calibrationEnd !== undefined && { calibrationEnd: opts.calibrationEnd }),
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        const { bgnbd: b, gammaGamma: g } = report;
        const lines = [
          `${report.customers} customers, history up to ${report.calibrationEnd}, valued over ${report.horizonDays} days`,
          `BG/NBD: r=${b.r.toFixed(4)} alpha=${b.alpha.toFixed(4)} days a=${b.a.toFixed(4)} b=${b.b.toFixed(4)} (log-likelihood ${b.logLikelihood.toFixed(2)})`,
          `Gamma-Gamma: p=${g.p.toFixed(4)} q=${g.q.toFixed(4)} v=${g.v.toFixed(4)}`,
          '',
          'customer\tpurchases\tP(alive)\texpected purchases\texpected value',
          ...report.perCustomer
            .slice(0, 20)
            .map(
              (c) =>
                `${c.customer}\t${c.frequency + 1}\t${c.pAlive.toFixed(3)}\t${c.expectedPurchases.toFixed(2)}\t${c.expectedValue}`,
            ),
        ];
        if (report.perCustomer.length > 20)
          lines.push(`… ${report.perCustomer.length - 20} more (use --json for all)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
}
