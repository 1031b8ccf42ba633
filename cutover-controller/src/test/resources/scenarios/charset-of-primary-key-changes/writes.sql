UPDATE t SET v = v + 1 WHERE code = CONCAT('c', {id})
