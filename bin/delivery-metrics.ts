#!/usr/bin/env node
import './compile-cache';
import { deliveryMetricsCommand } from '../lib/delivery/deployments-command';

// `delivery-metrics [--since <date>] [--markdown <file>] [--svg <file>] [--fetch <remote>]` (see --help).
process.exitCode = deliveryMetricsCommand(process.argv.slice(2));
