SET SESSION sql_mode = '';
SET SESSION time_zone = '+00:00'
