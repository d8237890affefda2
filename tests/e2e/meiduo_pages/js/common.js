// What the meiduo front_end_pc pages share: reading a cookie the API set for the page, and the page's query string.
function getCookie(name) {
    var r = document.cookie.match('\\b' + name + '=([^;]*)\\b');
    return r ? decodeURIComponent(r[1]) : undefined;
}

function get_query_string(name) {
    var reg = new RegExp('(^|&)' + name + '=([^&]*)(&|$)', 'i');
    var r = window.location.search.substr(1).match(reg);
    return r != null ? decodeURIComponent(r[2]) : null;
}
