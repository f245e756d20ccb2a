namespace KerjasamaGraph.Model; public static class Placeholder { }
