UPDATE t SET span = '-01:00:00.5' WHERE id = {id}
UPDATE t SET span = '-838:59:59' WHERE id = {id}
INSERT INTO t VALUES ({id}, '-00:00:01') ON DUPLICATE KEY UPDATE span = '-12:27:00'
UPDATE t SET span = '00:00:00' WHERE id = {id}
DELETE FROM t WHERE id = {id}
