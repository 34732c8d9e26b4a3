#!/usr/bin/env python3
"""Generates a synthetic C++ service of N translation units for benchmarks.

Each unit includes standard headers and libpq (flavor "libpq", the default), Qt 6's Core,
Sql and Widgets headers (flavor "qt": header-heavy, as a Qt application's units are) or
libpqxx (flavor "pqxx": header-heavy templates, as a libpqxx service's units are),
defines a repository class whose methods query, and a service whose loops call
repositories defined in other units, so that the whole-program analysis has real
cross-unit work to do. Writes compile_commands.json.

usage: gen-project.py OUT_DIR UNITS PQ_INCLUDE [libpq|qt|pqxx]
"""
import json
import os
import sys


def make_folders(out):
    os.makedirs(os.path.join(out, "include"), exist_ok=True)
    os.makedirs(os.path.join(out, "src"), exist_ok=True)


def write_database(out, entries):
    os.makedirs(os.path.join(out, "build"), exist_ok=True)
    with open(os.path.join(out, "build", "compile_commands.json"), "w") as db:
        json.dump(entries, db, indent=1)


def libpq_entry(out, i, pq_include):
    return {
        "directory": os.path.abspath(out),
        "file": f"src/unit{i}.cpp",
        "arguments": ["c++", "-std=c++17", "-O2", "-Iinclude", f"-I{pq_include}", "-c",
                      f"src/unit{i}.cpp", "-o", f"build/unit{i}.o"],
    }


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: gen-project.py OUT_DIR UNITS PQ_INCLUDE [libpq|qt|pqxx]")
    out, units, pq_include = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    flavor = sys.argv[4] if len(sys.argv) == 5 else "libpq"
    if flavor == "qt":
        return qt_project(out, units)
    if flavor == "pqxx":
        return pqxx_project(out, units, pq_include)
    make_folders(out)
    entries = []
    for i in range(units):
        with open(os.path.join(out, "include", f"repo{i}.h"), "w") as h:
            h.write(f"""#pragma once
#include <libpq-fe.h>
#include <map>
#include <string>
#include <vector>

class Repo{i} {{
public:
  explicit Repo{i}(PGconn *c) : conn_(c) {{}}
  std::string find(int id);
  std::map<int, std::string> findMany(const std::vector<int> &ids);
  virtual ~Repo{i}() = default;
  virtual int count();

private:
  PGconn *conn_;
}};
""")
        other = (i + 1) % units
        with open(os.path.join(out, "src", f"unit{i}.cpp"), "w") as c:
            c.write(f"""#include "repo{i}.h"
#include "repo{other}.h"
#include <algorithm>
#include <functional>
#include <numeric>
#include <sstream>

std::string Repo{i}::find(int id) {{
  std::string key = std::to_string(id);
  const char *values[1] = {{key.c_str()}};
  PGresult *res = PQexecParams(conn_, "SELECT name FROM t{i} WHERE id = $1", 1, nullptr,
                               values, nullptr, nullptr, 0);
  std::string name = PQntuples(res) ? PQgetvalue(res, 0, 0) : "";
  PQclear(res);
  return name;
}}

std::map<int, std::string> Repo{i}::findMany(const std::vector<int> &ids) {{
  std::ostringstream list;
  for (int id : ids)
    list << id << ',';
  std::string arg = list.str();
  const char *values[1] = {{arg.c_str()}};
  PGresult *res = PQexecParams(conn_, "SELECT id, name FROM t{i} WHERE id = ANY($1)", 1,
                               nullptr, values, nullptr, nullptr, 0);
  std::map<int, std::string> out;
  for (int r = 0; r < PQntuples(res); ++r)
    out[std::stoi(PQgetvalue(res, r, 0))] = PQgetvalue(res, r, 1);
  PQclear(res);
  return out;
}}

int Repo{i}::count() {{ return 0; }}

int service{i}(Repo{other} &other, const std::vector<int> &ids) {{
  int total = 0;
  for (int id : ids)
    total += static_cast<int>(other.find(id).size());
  std::for_each(ids.begin(), ids.end(), [&](int id) {{ total += id; }});
  auto names = other.findMany(ids);
  return std::accumulate(ids.begin(), ids.end(), total,
                         [&](int acc, int id) {{ return acc + static_cast<int>(names[id].size()); }});
}}
""")
        entries.append(libpq_entry(out, i, pq_include))
    write_database(out, entries)


QT = "/usr/include/x86_64-linux-gnu/qt6"


def qt_project(out, units):
    make_folders(out)
    entries = []
    for i in range(units):
        other = (i + 1) % units
        with open(os.path.join(out, "include", f"repo{i}.h"), "w") as h:
            h.write(f"""#pragma once
#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtCore/QVector>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class Repo{i} {{
public:
  explicit Repo{i}(QSqlDatabase db) : db_(db) {{}}
  QString find(int id);
  QHash<int, QString> findMany(const QVector<int> &ids);
  virtual ~Repo{i}() = default;

private:
  QSqlDatabase db_;
}};
""")
        with open(os.path.join(out, "src", f"unit{i}.cpp"), "w") as c:
            c.write(f"""#include "repo{i}.h"
#include "repo{other}.h"
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QTableView>
#include <algorithm>

QString Repo{i}::find(int id) {{
  QSqlQuery q(db_);
  q.prepare(QStringLiteral("SELECT name FROM t{i} WHERE id = ?"));
  q.addBindValue(id);
  if (!q.exec() || !q.next()) {{
    qWarning() << q.lastError().text();
    return {{}};
  }}
  return q.value(0).toString();
}}

QHash<int, QString> Repo{i}::findMany(const QVector<int> &ids) {{
  QStringList marks;
  for (int k = 0; k < ids.size(); ++k)
    marks << QStringLiteral("?");
  QSqlQuery q(db_);
  q.prepare(QStringLiteral("SELECT id, name FROM t{i} WHERE id IN (%1)").arg(marks.join(',')));
  for (int id : ids)
    q.addBindValue(id);
  QHash<int, QString> out;
  if (q.exec())
    while (q.next())
      out.insert(q.value(0).toInt(), q.value(1).toString());
  return out;
}}

int version{i}() {{ return 0; }}

QJsonArray service{i}(Repo{other} &other, const QVector<int> &ids) {{
  QJsonArray rows;
  for (int id : ids)
    rows.append(QJsonObject{{{{QStringLiteral("id"), id}}, {{QStringLiteral("name"), other.find(id)}}}});
  auto names = other.findMany(ids);
  std::for_each(ids.begin(), ids.end(), [&](int id) {{ rows.append(names.value(id)); }});
  return rows;
}}
""")
        entries.append({
            "directory": os.path.abspath(out),
            "file": f"src/unit{i}.cpp",
            "arguments": ["c++", "-std=c++17", "-O2", "-fPIC", "-Iinclude", f"-I{QT}",
                          f"-I{QT}/QtCore", f"-I{QT}/QtSql", f"-I{QT}/QtWidgets", f"-I{QT}/QtGui",
                          "-c", f"src/unit{i}.cpp", "-o", f"build/unit{i}.o"],
        })
    write_database(out, entries)


def pqxx_project(out, units, pq_include):
    make_folders(out)
    entries = []
    for i in range(units):
        other = (i + 1) % units
        with open(os.path.join(out, "include", f"repo{i}.h"), "w") as h:
            h.write(f"""#pragma once
#include <pqxx/pqxx>
#include <map>
#include <string>
#include <vector>

class Repo{i} {{
public:
  explicit Repo{i}(pqxx::connection &c) : conn_(c) {{}}
  std::string find(int id);
  std::map<int, std::string> findMany(const std::vector<int> &ids);
  virtual ~Repo{i}() = default;

private:
  pqxx::connection &conn_;
}};
""")
        with open(os.path.join(out, "src", f"unit{i}.cpp"), "w") as c:
            c.write(f"""#include "repo{i}.h"
#include "repo{other}.h"
#include <algorithm>
#include <numeric>
#include <sstream>

std::string Repo{i}::find(int id) {{
  pqxx::work tx(conn_);
  pqxx::result r = tx.exec_params("SELECT name FROM t{i} WHERE id = $1", id);
  tx.commit();
  return r.empty() ? std::string() : r[0][0].as<std::string>();
}}

std::map<int, std::string> Repo{i}::findMany(const std::vector<int> &ids) {{
  std::ostringstream list;
  for (int id : ids)
    list << id << ',';
  pqxx::work tx(conn_);
  pqxx::result r = tx.exec_params("SELECT id, name FROM t{i} WHERE id = ANY($1)", list.str());
  std::map<int, std::string> out;
  for (const auto &row : r)
    out[row[0].as<int>()] = row[1].as<std::string>();
  return out;
}}

int version{i}() {{ return 0; }}

int service{i}(Repo{other} &other, const std::vector<int> &ids) {{
  int total = 0;
  for (int id : ids)
    total += static_cast<int>(other.find(id).size());
  auto names = other.findMany(ids);
  return std::accumulate(ids.begin(), ids.end(), total,
                         [&](int acc, int id) {{ return acc + static_cast<int>(names[id].size()); }});
}}
""")
        entries.append(libpq_entry(out, i, pq_include))
    write_database(out, entries)


if __name__ == "__main__":
    main()
