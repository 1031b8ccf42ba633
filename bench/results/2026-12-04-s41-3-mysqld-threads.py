# samples mysqld's threads' CPU every second: tid, name (performance_schema), ticks; until killed
import os, re, time, sys, subprocess, pymysql
out = open(sys.argv[1], 'w')
names = {}
conn = None
while True:
    try:
        pid = subprocess.check_output(['pgrep', '-f', 'mysqld.*writers']).split()[0].decode()
        cmd = open(f'/proc/{pid}/cmdline').read().split('\0')
        port = [a.split('=')[1] for a in cmd if a.startswith('--port=')][0]
        if conn is None:
            pw = 'ghostflink'
            conn = pymysql.connect(host='127.0.0.1', port=int(port), user='ghostflink', password=pw)
        with conn.cursor() as c:
            c.execute("SELECT THREAD_OS_ID, NAME, IFNULL(PROCESSLIST_COMMAND,''), IFNULL(PROCESSLIST_INFO,'') FROM performance_schema.threads WHERE THREAD_OS_ID IS NOT NULL")
            for tid, name, command, info in c.fetchall():
                label = name.split('/')[-1] + ' ' + (command or '-').replace(' ', '_') + ' ' + ((info or '-')[:24].replace(' ', '_').replace('\n', '_') or '-')
                names[str(tid)] = label
        now = time.time()
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                st = open(f'/proc/{pid}/task/{tid}/stat').read()
            except OSError:
                continue
            f = st[st.rindex(')') + 2:].split()
            out.write(f"{now:.1f} {tid} {int(f[11]) + int(f[12])} {names.get(tid, '? - -')}\n")
        out.flush()
    except Exception as e:
        conn = None
    time.sleep(1)
