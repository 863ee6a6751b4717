import { parser } from '@prometheus-io/lezer-promql';

/**
 * Parse errors of a PromQL expression, by Prometheus's own grammar (`@prometheus-io/lezer-promql`, the parser of
 * Prometheus's web UI): each error node as `at <offset>: <text around it>`. Empty when the expression parses.
 */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`);
    },
  });
  return errors;
}
