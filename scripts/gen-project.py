#!/usr/bin/env python3
"""Generates a synthetic C++ service of N translation units for benchmarks.

Each unit includes standard headers and libpq, defines a repository class whose methods
query, and a service whose loops call repositories defined in other units, so that the
whole-program analysis has real cross-unit work to do. Writes compile_commands.json.
"""
import json
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen-project.py OUT_DIR UNITS PQ_INCLUDE")
    out, units, pq_include = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(os.path.join(out, "include"), exist_ok=True)
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
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
        entries.append({
            "directory": os.path.abspath(out),
            "file": f"src/unit{i}.cpp",
            "arguments": ["c++", "-std=c++17", "-O2", "-Iinclude", f"-I{pq_include}", "-c",
                          f"src/unit{i}.cpp", "-o", f"build/unit{i}.o"],
        })
    os.makedirs(os.path.join(out, "build"), exist_ok=True)
    with open(os.path.join(out, "build", "compile_commands.json"), "w") as db:
        json.dump(entries, db, indent=1)


if __name__ == "__main__":
    main()
