UPDATE t SET u = 100001 WHERE id = {id}
UPDATE t SET v = {n} WHERE id = {id}
