"""The polls API (Flask): the service apps/polls-*.ts and apps/uat-services.ts run.

A stand-in for the team's own service: what matters to the platform is its contract, which the environments
render: it listens on 5000 under gunicorn, answers GET /healthz without touching its data stores, owns /polls,
and reads its database and cache from DB_* and CACHE_* variables.
"""
import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.get("/polls")
def polls():
    # The real service reads PostgreSQL (DB_HOST, DB_NAME, DB_USER, DB_PASSWORD) here.
    return jsonify(polls=[], database=os.environ.get("DB_NAME", ""))
