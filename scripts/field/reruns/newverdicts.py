# Verdicts for findings that are new in riskgate-s2.json, keyed by (project, file, line). (verdict, class, reason)
R, F = 'REAL', 'FALSE'
V = {}
def v(p, f, lines, verdict, cls, reason):
    for l in (lines if isinstance(lines, (list, tuple, range)) else [lines]):
        V[(p, f, l)] = (verdict, cls, reason)

# ---- mumble (new rule: repeated-query)
v('mumble', 'src/src/mumble/Database.cpp', 536, F, 're-prepared-statement',
  "the same QSqlQuery object is re-prepared with an UPDATE (seen timestamp) before the second exec; it is a different statement and a write, nothing to reuse")
v('mumble', 'src/src/mumble/Database.cpp', 563, F, 're-prepared-statement',
  "same shape: the SELECT of the blob is followed by a re-prepared UPDATE of its seen timestamp; different statement, a write")

D = 'domoticz'
# hardware
v(D, 'src/hardware/EvohomeRadio.cpp', [523, 532], F, 'small-collection',
  "loop over the Evohome zone units 40..51 (at most 12, fixed by the protocol); two lookups per zone on a periodic poll")
v(D, 'src/hardware/MQTTAutoDiscover.cpp', [1816,1818,1820,1822,1824,1826,1828,1830,1832,1836,1838,1842], F, 'small-collection',
  "per MQTT message, only the discovered entities subscribed to that topic are handled (the few entities of one physical device); each is its own Domoticz device, so one lookup/update per entity is inherent")
v(D, 'src/hardware/MQTTAutoDiscover.cpp', [2396, 2549], F, 'small-collection',
  "loop over the sensors of one discovered device; the query inside GuessSensorTypeValue only runs for an energy sensor whose value is 0 (first value), a rare branch")
v(D, 'src/hardware/MySensorsBase.cpp', [477, 482, 488, 493], F, 'small-collection',
  "heartbeat of one MySensors node: loop over that node's children (a handful, fixed by the node sketch), one last-update touch per switch child")
v(D, 'src/hardware/Netatmo.cpp', 1949, F, 'small-collection',
  "loop over the homes of one Netatmo account (usually one or two), one device lookup per scenario")
# main/Camera
v(D, 'src/main/Camera.cpp', 56, F, 'small-collection',
  "camera settings reload (start-up or after a camera edit): one active-device SELECT per enabled camera; a handful of cameras, rare path")
v(D, 'src/main/Camera.cpp', 407, F, 'small-collection',
  "loop over the cameras named in one e-mail request (a few); the per-camera HTTP snapshot dominates, the DB lookup is incidental")
# main/EventSystem: the hot-path N+1
v(D, 'src/main/EventSystem.cpp', [888, 893, 939, 945, 973, 999], R, None,
  "GetCurrentMeasurementStates loops over every device and, per counter/rain/gas/RFXMeter device, runs a SELECT (MIN/MAX over today's Meter or Rain rows, or its own DeviceStatus row); it runs on every classic-Lua evaluation, i.e. per device event, so the cost is per meter device per event")
v(D, 'src/main/EventSystem.cpp', [884, 908, 994], R, None,
  "same per-device loop on the event path: GetCounterDivider does an uncached Preferences SELECT (same key for every meter of a type) per counter device; loop-invariant, hoist or cache")
v(D, 'src/main/EventSystem.cpp', [1414, 1423], F, 'worker-loop',
  "event queue thread: one evaluation per queued event batch; the per-event work is the product's purpose (the N+1 inside is reported at 884-999)")
v(D, 'src/main/EventSystem.cpp', 1551, F, 'exit-path',
  "loop over dzVents script files stops with break after the first .lua file; the evaluation runs once")
v(D, 'src/main/EventSystem.cpp', [1582, 1590, 1598], F, 'event-dispatch',
  "one script evaluation per (event, matching Lua script file); running each matching script is the event system's purpose (1582 is also followed by break); the data-sized cost is the callee's N+1 at 884-999")
v(D, 'src/main/EventSystem.cpp', 1645, F, 'event-dispatch',
  "evaluates the database-stored events once per queued event; dispatch, not a per-row query")
v(D, 'src/main/EventSystem.cpp', [1910, 1913], F, 'event-dispatch',
  "loop over the user's active Blockly/Lua events in scope for this trigger; one evaluation per matching rule is the dispatch itself")
v(D, 'src/main/EventSystem.cpp', [2164, 2184, 2203, 2208, 2229, 2240], F, 'per-action',
  "loop over the actions of one Blockly rule (a few, user-authored); each action is one device/scene/variable command, inherent")
v(D, 'src/main/EventSystem.cpp', 2169, F, 'exit-path',
  "reportMissingDevice is the error branch for an action naming a deleted device (logs and may notify once)")
v(D, 'src/main/EventSystem.cpp', [3137, 3141, 3145], F, 'per-action',
  "loop over the commandArray a Lua script returned (a few commands); one command handled per entry, inherent")
v(D, 'src/main/EventSystem.cpp', [3645, 3646, 3650, 3651], F, 'trip-count-one',
  "loop over the REPEAT count of one scheduled command (1 unless the script asks for repeats); the scene timer Active/Inactive UPDATE is per command, not per row")
v(D, 'src/main/EventSystem.cpp', 4237, F, 'small-collection',
  "saving a Blockly event from the web editor: one INSERT per logic block of that event (a handful), admin-only")
# main/SQLHelper
v(D, 'src/main/SQLHelper.cpp', 882, F, 'migration',
  "one-off DB-version 12 upgrade deleting duplicate MultiMeter_Calendar rows")
v(D, 'src/main/SQLHelper.cpp', [2451, 2461, 2462], F, 'migration',
  "one-off upgrade moving floorplan image files into the DB (same loop as baseline #14)")
v(D, 'src/main/SQLHelper.cpp', [2681, 2686], F, 'migration',
  "one-off upgrade over three constant push-link tables (INSERT ... SELECT then DROP per table)")
v(D, 'src/main/SQLHelper.cpp', 4133, F, 'time-gated',
  "runs once when the accept-new-hardware timer expires, not every iteration of the background loop")
v(D, 'src/main/SQLHelper.cpp', [4199, 4205, 4209, 4216, 4221, 4232, 4236, 4257, 4262, 4268, 4276, 4297, 4302, 4304, 4343, 4347], F, 'worker-loop',
  "background task queue: one switch/update/variable/setpoint command per due task item; one action per queued task is inherent")
v(D, 'src/main/SQLHelper.cpp', 4360, F, 'deferred',
  "PerformThreadedAction runs in a detached std::thread started per item, not inside the loop iteration")
v(D, 'src/main/SQLHelper.cpp', 8526, F, 'small-collection',
  "loop over the 16 constant history tables, one date-range DELETE each (admin action)")
v(D, 'src/main/SQLHelper.cpp', [9759, 9810, 9814, 9829], F, 'small-collection',
  "custom icon pack upload: per line of icons.txt (a few icons per pack) a lookup and an INSERT/UPDATE; admin upload, rare")
# Scheduler
v(D, 'src/main/Scheduler.cpp', 399, F, 'time-gated',
  "daily sunrise/sunset recalculation over the sun-relative timers; the Preferences read per timer runs once a day")
v(D, 'src/main/Scheduler.cpp', [729, 732], F, 'time-gated',
  "1-second scheduler loop: CheckSchedules touches the DB only for timers that fire; DeleteExpiredTimers runs once a minute")
v(D, 'src/main/Scheduler.cpp', [849, 859, 870, 942, 952], F, 'fires-only',
  "loop over timers, but the command and its lookups run only for the timer that is due now; one command per fired timer is inherent")
# WebServer
v(D, 'src/main/WebServer.cpp', 4154, F, 'small-collection',
  "three constant icon columns per custom icon, and only when the file is missing on disk (cache refill)")
v(D, 'src/main/WebServerCmds.cpp', 3631, F, 'small-collection',
  "admin request: one device lookup per activator of one scene (a few remote buttons)")
v(D, 'src/main/WebServerCmds.cpp', 4301, R, None,
  "request path (admin share-devices): one INSERT per selected device, no transaction, so every row is its own commit; device list is data-sized (all devices can be shared); batchable")
v(D, 'src/main/WebServerCmds.cpp', 4302, R, None,
  "same loop: the favourite-restore UPDATE with a subquery does not depend on the loop variable, yet runs once per device (N full passes); belongs after the loop")
# dzVents / mainworker
v(D, 'src/main/dzVents.cpp', 237, F, 'small-collection',
  "loop over the queued events of one batch, Preferences read only for security events (rare, usually one)")
v(D, 'src/main/mainworker.cpp', 300, F, 'startup-once',
  "start-up: one Start() per configured hardware (a handful), once")
v(D, 'src/main/mainworker.cpp', [1659, 1686, 1693, 1724, 1734, 1750, 1751, 1760, 1774, 1782, 1784, 1785, 1794, 1819], F, 'time-gated',
  "main 500 ms worker loop; each call sits behind a once/minute/5-minute/hour/day/12-hour or start-up gate (same class as baseline #60)")
v(D, 'src/main/mainworker.cpp', [1706, 1713], F, 'small-collection',
  "restart of hardware that reported a failure: loop over the few hardware ids queued for restart, then the list is cleared")
v(D, 'src/main/mainworker.cpp', 2079, F, 'worker-loop',
  "receive-queue thread: one ProcessRXMessage per received device message, inherent")
# notifications
NH = 'src/notifications/NotificationHelper.cpp'
v(D, NH, [554, 566, 597, 621, 635, 636, 693, 748, 793, 807, 837, 850, 851, 900, 954, 966, 984, 1008, 1009, 1122, 1215], F, 'fires-only',
  "loop over the notifications of the one device that changed (a few); the DB write (LastSend / recovery message) happens only when a notification fires or recovers")
v(D, NH, [1312, 1326, 1333, 1353, 1364, 1365], F, 'fires-only',
  "once-a-minute check over the last-update notifications; CustomRecoveryMessage with an empty message never reaches the DB, and the SELECT/UPDATEs run only for a notification that fires or recovers")
v(D, NH, [1477, 1482], F, 'exit-path',
  "the loop looks up one notification by id in memory; the SELECT and UPDATE run for the single match and are followed by return")
