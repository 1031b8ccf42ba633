UPDATE t SET span = '01:00:00' WHERE id = {id}
