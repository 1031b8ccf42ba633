# DROP TABLE of a large table beside a fixed-rate writer: how long the writer's commits stall,
# with a plain drop and with the table's file hard-linked first (so the drop's unlink frees nothing)
import os, subprocess, sys, threading, time, pymysql
M='/root/.cache/ghostflink/mysql-8.0.31'
D='/tmp/s40/dropdb'; PORT=33999
def sql(q, db='t'):
    c=pymysql.connect(host='127.0.0.1',port=PORT,user='root',database=db,autocommit=True); cur=c.cursor(); cur.execute(q); r=cur.fetchall(); c.close(); return r
if not os.path.exists(D):
    subprocess.run([M+'/bin/mysqld','--no-defaults','--initialize-insecure','--basedir='+M,'--datadir='+D],check=True,capture_output=True)
p=subprocess.Popen([M+'/bin/mysqld','--no-defaults','--user=root','--basedir='+M,'--datadir='+D,'--port=%d'%PORT,'--bind-address=127.0.0.1','--socket='+D+'/s','--mysqlx=OFF','--sync-binlog=1','--innodb-flush-log-at-trx-commit=1','--innodb-buffer-pool-size=2G','--log-error='+D+'/err.log','--innodb-redo-log-capacity=104857600'])
for i in range(60):
    try: sql('select 1','mysql'); break
    except Exception: time.sleep(1)
sql('create database if not exists t','mysql')
sql('create table if not exists w (id int primary key, v bigint)'); sql('replace into w values (1,0)')
def load(name, rows):
    sql(f'drop table if exists {name}')
    sql(f"create table {name} (id int primary key auto_increment, k int, c char(120), pad char(60), key(k))")
    sql(f"insert into {name} (k,c,pad) values (1,repeat('x',120),repeat('y',60))")
    n=1
    while n<rows:
        sql(f"insert into {name} (k,c,pad) select k+id, c, pad from {name} limit {rows-n}"); n=sql(f'select count(*) from {name}')[0][0]
    sql(f'select count(*) from {name} where c <> ""')  # in the pool
def writer(stop, lat):
    c=pymysql.connect(host='127.0.0.1',port=PORT,user='root',database='t',autocommit=True); cur=c.cursor()
    t=time.monotonic()
    while not stop.is_set():
        s=time.monotonic(); cur.execute('update w set v=v+1 where id=1'); lat.append((s, time.monotonic()-s))
        t+=0.005; time.sleep(max(0,t-time.monotonic()))
def trial(label, linked):
    load('big', int(sys.argv[1]))
    size=os.path.getsize(D+'/t/big.ibd')
    if linked: os.link(D+'/t/big.ibd', D+'/big.keep')
    stop=threading.Event(); lat=[]; th=threading.Thread(target=writer,args=(stop,lat)); th.start(); time.sleep(3)
    s=time.monotonic(); sql('drop table big'); d=time.monotonic()-s; time.sleep(3); stop.set(); th.join()
    worst=max(l for t0,l in lat if t0>s-1)
    base=sorted(l for t0,l in lat if t0<s)[int(0.99*len([1 for t0,l in lat if t0<s]))]
    print(f'{label}: file {size/1e6:.0f} MB, drop {d*1000:.0f} ms, writer worst {worst*1000:.0f} ms (p99 before {base*1000:.1f} ms)', flush=True)
    if linked:
        f=D+'/big.keep'; stop=threading.Event(); lat=[]; th=threading.Thread(target=writer,args=(stop,lat)); th.start(); time.sleep(1)
        s=time.monotonic()
        with open(f,'r+b') as fh:
            n=os.path.getsize(f)
            while n>0:
                n=max(0,n-256*1024*1024); fh.truncate(n); time.sleep(0.1)
        os.unlink(f); d=time.monotonic()-s; time.sleep(1); stop.set(); th.join()
        print(f'  then the linked file shrunk 256 MB at a time and removed in {d*1000:.0f} ms: writer worst {max(l for t0,l in lat if t0>s)*1000:.0f} ms', flush=True)
try:
    for r in sys.argv[2].split(','):
        trial(r, r=='linked')
finally:
    p.terminate(); p.wait()
