#!/usr/bin/env node
import './compile-cache';
import { deploymentsCommand } from '../lib/delivery/deployments-command';

// `deployments <record|gate|previous> ...`: the deployment records both pipelines share (see --help).
process.exitCode = deploymentsCommand(process.argv.slice(2));
