// KerjasamaGraph web app: small browser helpers called from the Blazor components.
window.kerjasama = {
    // Registers a GeoJSON map (the regions' cells) with ECharts under a name the map charts refer to.
    registerMap(name, geoJson) {
        echarts.registerMap(name, { geoJSON: geoJson });
    },

    // Saves text produced on the server (e.g. a what-if variant) as a file.
    download(fileName, contentType, text) {
        const blob = new Blob([text], { type: contentType });
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
    }
};
